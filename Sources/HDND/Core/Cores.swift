import NIOCore
import NIOPosix

/// Work for the processor spread over the machine's cores.
///
/// Swift's tasks run on NIO's event loops in this program (`main.swift`), and a task stays on the loop it was started
/// from: the children of a task group started on a loop all run on that one core, one after another (a profile of the
/// demo's million petitions showed their words cut on one thread while the other core waited). The parts run on the
/// threads of a pool instead, where no request is being served.
enum Cores {
    /// A pool of its own, a thread per core, for work that only computes. SQLite runs every statement on the shared pool
    /// (`NIOThreadPool.singleton`): a bulk load's statements there waited behind the parts queued before them (the next
    /// rows drawn, their words cut), and the load's statements, one after another, are what it cannot do at once.
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: System.coreCount)
        pool.start()
        return pool
    }()

    /// `transform` of each item, in order, the items cut into one part per core (of `smallest` items at least).
    static func map<A: Sendable, B: Sendable>(_ items: [A], smallest: Int = 1_000, on pool: NIOThreadPool = Cores.pool,
                                              _ transform: @escaping @Sendable (A) throws -> B) async throws -> [B] {
        let size = max(smallest, items.count / System.coreCount + 1)
        guard items.count > size else { return try await pool.runIfActive { try items.map(transform) } }
        return try await withThrowingTaskGroup(of: (Int, [B]).self) { group in
            for start in stride(from: 0, to: items.count, by: size) {
                let part = items[start..<min(start + size, items.count)]
                group.addTask { (start, try await pool.runIfActive { try part.map(transform) }) }
            }
            var parts: [(Int, [B])] = []
            for try await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }
}
