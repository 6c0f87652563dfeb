import Foundation
import NIOPosix
import Testing
import VaultCore
@testable import VaultLive
import VaultTestSupport

/// The alert when the kernel drops datagrams while calls are recorded: counters read as Linux
/// writes them, and a rise during a call counted and logged, never silent.
@Suite("Kernel UDP drops are an alert while calls are recorded")
struct UDPDropMonitorTests {
    static func snmp(_ drops: Int) -> String {
        "Ip: Forwarding DefaultTTL\nIp: 1 64\nUdp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors\n"
            + "Udp: 3503451 391 \(drops) 3470718 \(drops) 0 0 0 0\nUdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors\nUdpLite: 0 0 0 0 9 0\n"
    }

    @Test("RcvbufErrors (IPv4) and Udp6RcvbufErrors (IPv6) are read as the kernel writes them; this host's own files read")
    func counters() {
        #expect(UDPDropMonitor.receiveBufferErrors(snmp: Self.snmp(17)) == 17)
        #expect(UDPDropMonitor.receiveBufferErrors(snmp6: "Udp6InDatagrams                 \t12\nUdp6RcvbufErrors                \t5\nUdp6SndbufErrors 0\n") == 5)
        #expect(UDPDropMonitor.receiveBufferErrors(snmp: "Udp: nothing\n") == nil)
        #expect(UDPDropMonitor.total((Self.snmp(3), "Udp6RcvbufErrors 4\n")) == 7)
        #expect(UDPDropMonitor.total(UDPDropMonitor.kernel()) != nil)  // /proc/net/snmp on this machine
    }

    @Test("drops during a recorded call are counted (and logged as an error); drops with no call open are not")
    func alertDuringACall() async throws {
        final class Counter: @unchecked Sendable {
            let lock = NSLock()
            var drops = 0
            func add(_ n: Int) { lock.withLock { drops += n } }
            var text: String { lock.withLock { UDPDropMonitorTests.snmp(drops) } }
        }
        let counter = Counter()
        let tmp = TemporaryDirectory("udp-drops")
        let configuration = VaultConfiguration(vaultURL: tmp.path("vault"), keyStoreURL: tmp.path("keys"), concurrency: 2)
        let vault = try await OffPool.run { try Vault.create(configuration, actor: VaultActor(name: "tester", authentication: "local"), logger: LiveFixture.quiet).0 }
        let clock = LiveFixture.SkewedClock()
        let base = 46000 + 200 * Int.random(in: 0..<50)
        let server = try SIPRECServer(configuration: SIPRECConfiguration(sipHost: "127.0.0.1", sipPort: 0, mediaAddress: "127.0.0.1", rtpPorts: base...(base + 99)),
                                      vault: vault, group: MultiThreadedEventLoopGroup.singleton, logger: LiveFixture.quiet,
                                      clock: { clock.now }, onStored: { _ in }, kernelCounters: { (counter.text, nil) })
        let port = try await server.start()
        // No call: drops are the host's business.
        counter.add(40)
        clock.advance(by: 6)
        try await Task.sleep(for: .milliseconds(700))
        #expect(server.droppedByKernel == 0)
        // A call open: the next drops are counted.
        let src = try TestSRC(serverPort: port)
        #expect(try src.send(src.request("INVITE", sdp: TestSRC.offer(labels: ["1", "2"]), metadata: outboundMetadata(), cseq: 1)).status == 200)
        counter.add(25)
        clock.advance(by: 6)
        for _ in 0..<50 where server.droppedByKernel == 0 { try await Task.sleep(for: .milliseconds(50)) }
        #expect(server.droppedByKernel == 25)
        #expect(try src.send(src.request("BYE", sdp: nil, metadata: nil)).status == 200)
        await server.shutdown()
    }
}
