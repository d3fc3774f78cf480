// Placeholder until the LessonEngine work lands.
