/// Reads the blocks of a segmented AEAD stream (the STREAM construction of the sealed-object
/// format and of age's payload), where the last segment is marked in its nonce, so a reader must
/// know whether any byte follows a full block: each read fills a block and peeks one byte past
/// it, which starts the next block.
struct SegmentBlockReader {
    private var lookahead: UInt8?

    /// Fills `block` through `readFully` (which fills the buffer it is given unless the input
    /// ends, and returns how many bytes it wrote); returns how many bytes the block holds and
    /// whether the input ends with it.
    mutating func read(into block: UnsafeMutableRawBufferPointer,
                       readFully: (UnsafeMutableRawBufferPointer) throws -> Int) throws -> (filled: Int, isFinal: Bool) {
        var filled = 0
        if let byte = lookahead {
            block[0] = byte
            filled = 1
            lookahead = nil
        }
        filled += try readFully(UnsafeMutableRawBufferPointer(rebasing: block[filled...]))
        guard filled == block.count else { return (filled, true) }
        var one: UInt8 = 0
        guard try withUnsafeMutableBytes(of: &one, { try readFully($0) }) > 0 else { return (filled, true) }
        lookahead = one
        return (filled, false)
    }
}
