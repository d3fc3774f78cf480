/// What a value of the cell language holds, as `ValueLimits` counts it: every value
/// takes one slot (`MemoryLayout<Value>.stride` bytes, what an item of a list takes),
/// a string adds its UTF-8 bytes, a list or tuple its items, a constructor's object
/// its arguments.
///
/// Swift shares the storage of a list that is put into another list, but printing,
/// keying or keeping the outer list writes the inner one out in full each time, so a
/// list holding the same list twice counts it twice here.
public struct ValueSize: Equatable {
    public var bytes: Int
    /// How deep lists and tuples nest: 0 for a number or a string, 1 for `[1, 2]`, 2 for `[[1]]`.
    public var nesting: Int

    public static let slot = MemoryLayout<Value>.stride

    /// The size of `value`, walked until its bytes pass `limit`: the walk stops there,
    /// so a list built by nesting a list in itself forty times is not walked 2^40
    /// times. A result whose `bytes` exceed `limit` is only known to exceed it.
    ///
    /// The walk keeps its own stack of lists still to visit, so a value nested deeper
    /// than the limits allow (one restored from outside the interpreter) cannot
    /// overflow the thread's stack here.
    public static func of(_ value: Value, upTo limit: Int) -> ValueSize {
        var size = ValueSize(bytes: slot, nesting: 0)
        // Lists still being walked, each with the next item to visit and its depth;
        // arrays are shared, not copied, so the stack is only as tall as the nesting.
        var stack: [(items: [Value], next: Int, depth: Int)] = []
        switch value {
        case .string(let s): size.bytes += s.utf8.count
        case .list(let items), .tuple(let items): stack.append((items, 0, 1))
        case .object(let object): stack.append((arguments(of: object), 0, 0))
        default: break
        }
        walking: while let (items, start, depth) = stack.popLast() {
            // Checked here too: lists of lists of empty lists have no other items.
            if size.bytes > limit { return size }
            size.nesting = max(size.nesting, depth)
            var index = start
            // Runs of numbers and strings are counted in this loop; a nested list is
            // walked first, then this one resumes after it.
            while index < items.count {
                let item = items[index]
                index += 1
                size.bytes += slot
                switch item {
                case .string(let s):
                    size.bytes += s.utf8.count
                case .list(let inner), .tuple(let inner):
                    stack.append((items, index, depth))
                    stack.append((inner, 0, depth + 1))
                    continue walking
                case .object(let object):
                    stack.append((items, index, depth))
                    stack.append((arguments(of: object), 0, depth))
                    continue walking
                default:
                    break
                }
                if size.bytes > limit { return size }
            }
        }
        return size
    }

    private static func arguments(of object: StepObject) -> [Value] {
        object.arguments.keys.sorted().compactMap { object.arguments[$0] }
    }

    /// Whether `value` can hold more than one slot (a string, a list, a tuple, an object).
    public static func isScalar(_ value: Value) -> Bool {
        switch value {
        case .string, .list, .tuple, .object: return false
        default: return true
        }
    }
}
