extension RandomAccessCollection {
    /// The index of the first element for which `isBefore` is false, in a collection where every
    /// element for which it is true comes first (binary search: O(log n)). `endIndex` when none.
    func partitionPoint(_ isBefore: (Element) -> Bool) -> Index {
        var low = startIndex, count = self.count
        while count > 0 {
            let half = count / 2, middle = index(low, offsetBy: half)
            if isBefore(self[middle]) {
                low = index(after: middle)
                count -= half + 1
            } else {
                count = half
            }
        }
        return low
    }
}
