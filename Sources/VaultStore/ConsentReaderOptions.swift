public import Foundation

/// How the catalog's consent readers (`ConsentReaders`: the read-only SQLite connections behind
/// consent checks and screens) use memory, with documented defaults.
public struct ConsentReaderOptions: Sendable, Equatable {
    /// SQLite page cache of each reader connection, in bytes. Default 64 MiB: at 10 million
    /// numbers the interior (non-leaf) pages of the two consent tables take 52 MB, so after a
    /// warm-up a check reads only its leaf pages. It holds the pages read past the memory map
    /// (mapped pages are not cached). A process has about as many readers as concurrent
    /// checkers (see `maxIdleReaders`), each with its own cache.
    public var pageCacheBytes: Int
    /// How much of the catalog each reader maps into memory, in bytes. Default 16 GiB; SQLite
    /// lowers it to its build's limit (2 GB for Debian's library), and pages past the mapped
    /// range are read through the page cache. Mapped pages cost no copy once touched.
    public var memoryMapBytes: Int
    /// Readers kept open while idle. Default 16; more concurrent checkers than this open and
    /// close readers of their own.
    public var maxIdleReaders: Int
    /// How many readers a batch screen uses at once, each on its own thread over its share of
    /// the numbers (all reading one snapshot). Default: the number of cores; 1 screens on the
    /// calling thread alone.
    public var screenParallelism: Int
    /// The fewest numbers worth a screening reader of their own. Default 10,000: below that a
    /// thread and a fenced snapshot cost more than they save, so a screen of fewer than twice
    /// this runs on one reader.
    public var minimumScreenShare: Int

    /// Creates options; every parameter has the documented default.
    public init(pageCacheBytes: Int = 64 << 20, memoryMapBytes: Int = 16 << 30, maxIdleReaders: Int = 16,
                screenParallelism: Int = ProcessInfo.processInfo.activeProcessorCount, minimumScreenShare: Int = 10_000) {
        self.pageCacheBytes = max(0, pageCacheBytes)
        self.memoryMapBytes = max(0, memoryMapBytes)
        self.maxIdleReaders = max(0, maxIdleReaders)
        self.screenParallelism = max(1, screenParallelism)
        self.minimumScreenShare = max(1, minimumScreenShare)
    }
}
