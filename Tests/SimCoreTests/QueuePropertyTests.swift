import PropertyBased
import Testing
@testable import SimCore

/// Issue 10, item 4: property-based tests (x-sheep/swift-property-based, with shrinking) of the
/// engine's ordering. Any program of schedules and removals gives, on the engine over the 4-ary
/// heap and over the calendar queue, exactly the events (and digest) of the engine over the
/// sorted-array reference queue.
@Suite struct QueuePropertyTests {
    /// One step of a program: schedule at `now + delay` (phase `phase`), or take the next event
    /// (`delay` < 0) no later than `now + horizon`.
    struct Step: Sendable, CustomStringConvertible {
        var delay: Int64
        var phase: UInt16
        var description: String { delay < 0 ? "next(\(-delay))" : "+\(delay)/\(phase)" }
    }

    /// Steps with many ties in time and phase, delays from 0 to beyond the calendar's horizon.
    static let program = Gen<Int>.int(in: 0...10_000).map { r -> Step in
        switch r % 10 {
        case 0, 1, 2: return Step(delay: -Int64(r % 7 == 0 ? 1 << 40 : r * 997), phase: 0)
        case 3: return Step(delay: Int64(r) * 40_000_000, phase: UInt16(r % 3))   // past the horizon
        default: return Step(delay: Int64(r % 50), phase: UInt16(r % 4))
        }
    }.array(of: 1...300)

    /// The events an engine over `Q` yields for `steps`, and its digest.
    static func trace<Q: EventQueue>(_ type: Q.Type, _ steps: [Step]) -> ([String], String) where Q.Payload == Payload {
        var engine = Engine<Q>()
        var out: [String] = []
        for (i, step) in steps.enumerated() {
            if step.delay >= 0 {
                engine.schedule(at: engine.now + step.delay, phase: step.phase, Payload(id: UInt64(i)))
            } else if let e = engine.next(until: engine.now - step.delay) {
                out.append("\(e.key.time)/\(e.key.phase)/\(e.payload.id)")
            }
        }
        while let e = engine.next(until: .max) { out.append("\(e.key.time)/\(e.key.phase)/\(e.payload.id)") }
        return (out, engine.digest.hex)
    }

    @Test func engineOrderMatchesTheReferenceQueue() async {
        await propertyCheck(count: 300, input: Self.program) { steps in
            let reference = Self.trace(SortedArrayQueue<Payload>.self, steps)
            #expect(Self.trace(QuaternaryHeap<Payload>.self, steps) == reference)
            #expect(Self.trace(CalendarQueue<Payload>.self, steps) == reference)
            let times = reference.0.map { Int64($0.split(separator: "/")[0])! }
            #expect(times == times.sorted(), "time never goes backwards")
        }
    }

    @Test func tiesAreBrokenByPhaseThenInsertionOrder() async {
        await propertyCheck(count: 200, input: Gen<Int>.int(in: 0...3).array(of: 1...60)) { phases in
            var engine = Engine<CalendarQueue<Payload>>()
            for (i, p) in phases.enumerated() { engine.schedule(at: 5, phase: UInt16(p), Payload(id: UInt64(i))) }
            var got: [Int] = []
            while let e = engine.next(until: 5) { got.append(Int(e.payload.id)) }
            let expected = phases.indices.sorted { (phases[$0], $0) < (phases[$1], $1) }
            #expect(got == expected)
        }
    }
}
