import Testing
@testable import SimCore

/// A tiny model: each tick schedules the next until a limit; records the order it saw.
final class Ticker<Q: EventQueue>: Simulation where Q.Payload == Payload {
    var engine = Engine<Q>()
    var seen: [(SimTime, UInt64)] = []
    func handle(_ event: ScheduledEvent<Payload>) {
        seen.append((engine.now, event.payload.id))
        if event.payload.id < 100 {
            engine.schedule(at: engine.now + SimTime(event.payload.id % 7), phase: 0, Payload(id: event.payload.id + 3))
        }
    }
}

func runTicker<Q: EventQueue>(_ type: Q.Type, until end: SimTime) -> (Ticker<Q>, String) where Q.Payload == Payload {
    let t = Ticker<Q>()
    for i in 0..<3 { t.engine.schedule(at: SimTime(i), phase: 0, Payload(id: UInt64(i))) }
    t.run(until: end)
    return (t, t.engine.digest.hex)
}

@Test func runUntilStopsAtTheEndAndKeepsLaterEvents() {
    let (t, _) = runTicker(QuaternaryHeap<Payload>.self, until: 50)
    #expect(t.seen.allSatisfy { $0.0 <= 50 })
    #expect(t.engine.now == 50)
    #expect(t.engine.pending > 0)
    #expect(zip(t.seen, t.seen.dropFirst()).allSatisfy { $0.0 <= $1.0 }, "time never goes backwards")
}

@Test func digestIsIdenticalAcrossQueuesAndRuns() {
    let (a, da) = runTicker(QuaternaryHeap<Payload>.self, until: 1_000)
    let (b, db) = runTicker(SortedArrayQueue<Payload>.self, until: 1_000)
    let (_, dc) = runTicker(QuaternaryHeap<Payload>.self, until: 1_000)
    #expect(da == db && da == dc)
    #expect(a.engine.processed == b.engine.processed)
    let (_, shorter) = runTicker(QuaternaryHeap<Payload>.self, until: 40)
    #expect(shorter != da, "a different event stream gives a different digest")
}

@Test func runWithLimitResumesWhereItStopped() {
    let t = Ticker<QuaternaryHeap<Payload>>()
    for i in 0..<3 { t.engine.schedule(at: SimTime(i), phase: 0, Payload(id: UInt64(i))) }
    var slices = 0
    while !t.run(until: 1_000, limit: 5) { slices += 1 }
    let (_, whole) = runTicker(QuaternaryHeap<Payload>.self, until: 1_000)
    #expect(slices > 2)
    #expect(t.engine.digest.hex == whole)
}

@Test func timeFormatting() {
    #expect(Time.format(1_250_000) == "1.250s")
    #expect(Time.format(2 * Time.hour + 3 * Time.minute) == "2h 3m 0.000s")
}
