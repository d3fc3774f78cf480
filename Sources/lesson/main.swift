import LessonEngine
print("lesson: under construction")
