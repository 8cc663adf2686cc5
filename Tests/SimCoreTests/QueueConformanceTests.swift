import Testing
@testable import SimCore

/// One conformance suite for every event queue (the ns-3 idea): each must pop events in exactly
/// the order of the reference queue, whatever the insertion pattern.
struct Payload: DigestibleEvent { var id: UInt64; var digestWord: UInt64 { id } }

/// A deterministic xorshift generator for test patterns.
struct Pattern {
    var state: UInt64
    mutating func next() -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state }
}

func drain<Q: EventQueue>(_ q: inout Q) -> [EventKey] where Q.Payload == Payload {
    var keys: [EventKey] = []
    while let e = q.removeNext() { keys.append(e.key) }
    return keys
}

func conformance<Q: EventQueue>(_ type: Q.Type) where Q.Payload == Payload {
    // Empty queue.
    var empty = Q()
    #expect(empty.isEmpty && empty.count == 0 && empty.peekKey() == nil && empty.removeNext() == nil)

    // Random inserts with many ties in time and phase, interleaved with removals.
    for seed in [1, 2, 3, 99] as [UInt64] {
        var rng = Pattern(state: seed &* 0x9E37_79B9_7F4A_7C15 | 1)
        var q = Q()
        var reference = SortedArrayQueue<Payload>()
        var seq: UInt64 = 0
        var now: SimTime = 0
        var popped: [EventKey] = []
        for step in 0..<5_000 {
            let r = rng.next()
            if r % 3 != 0 || q.isEmpty {
                let key = EventKey(time: now + 1 + SimTime(r % 20), phase: UInt16(r >> 20 & 3), sequence: seq)
                seq += 1
                q.insert(ScheduledEvent(key: key, payload: Payload(id: UInt64(step))))
                reference.insert(ScheduledEvent(key: key, payload: Payload(id: UInt64(step))))
            } else {
                #expect(q.peekKey() == reference.peekKey())
                let a = q.removeNext(), b = reference.removeNext()
                #expect(a?.key == b?.key && a?.payload.id == b?.payload.id)
                if let a { now = a.key.time; popped.append(a.key) }
            }
            #expect(q.count == reference.count)
        }
        popped += drain(&q)
        let ordered = zip(popped, popped.dropFirst()).allSatisfy { $0 < $1 }
        #expect(ordered, "keys come out in strictly increasing order")
    }

    // Equal times: phase first, then scheduling order.
    var q = Q()
    q.insert(ScheduledEvent(key: EventKey(time: 5, phase: 2, sequence: 0), payload: Payload(id: 0)))
    q.insert(ScheduledEvent(key: EventKey(time: 5, phase: 0, sequence: 1), payload: Payload(id: 1)))
    q.insert(ScheduledEvent(key: EventKey(time: 5, phase: 0, sequence: 2), payload: Payload(id: 2)))
    q.insert(ScheduledEvent(key: EventKey(time: 4, phase: 9, sequence: 3), payload: Payload(id: 3)))
    var ids: [UInt64] = []
    while let e = q.removeNext() { ids.append(e.payload.id) }
    #expect(ids == [3, 1, 2, 0])
}

@Test func quaternaryHeapConforms() { conformance(QuaternaryHeap<Payload>.self) }
@Test func sortedArrayQueueConforms() { conformance(SortedArrayQueue<Payload>.self) }

@Test func eventKeyOrdersByTimeThenPhaseThenSequence() {
    #expect(EventKey(time: 1, phase: 9, sequence: 9) < EventKey(time: 2, phase: 0, sequence: 0))
    #expect(EventKey(time: 1, phase: 0, sequence: 9) < EventKey(time: 1, phase: 1, sequence: 0))
    #expect(EventKey(time: 1, phase: 1, sequence: 3) < EventKey(time: 1, phase: 1, sequence: 4))
    let k = EventKey(time: 7, phase: 513, sequence: 123_456)
    #expect(k.phase == 513 && k.sequence == 123_456)
}

@Test func calendarQueueConforms() { conformance(CalendarQueue<Payload>.self) }

@Test func calendarQueueWithTinyBucketsAndFarEventsMatchesTheHeap() {
    // Buckets of 4 µs, 8 of them: most events land in the ring or the overflow heap.
    var calendar = CalendarQueue<Payload>(shift: 2, bucketCount: 8)
    var heap = QuaternaryHeap<Payload>()
    var rng = Pattern(state: 12345)
    var now: SimTime = 0
    var seq: UInt64 = 0
    for _ in 0..<20_000 {
        let r = rng.next()
        if r % 5 < 3 || heap.isEmpty {
            let far = r % 7 == 0 ? SimTime(r % 10_000) : SimTime(r % 40)
            let key = EventKey(time: now + far, phase: UInt16(r >> 30 & 3), sequence: seq)
            seq += 1
            calendar.insert(ScheduledEvent(key: key, payload: Payload(id: seq)))
            heap.insert(ScheduledEvent(key: key, payload: Payload(id: seq)))
        } else {
            #expect(calendar.peekKey() == heap.peekKey())
            let a = calendar.removeNext(), b = heap.removeNext()
            #expect(a?.key == b?.key && a?.payload.id == b?.payload.id)
            if let a { now = a.key.time }
        }
        #expect(calendar.count == heap.count)
    }
    while let b = heap.removeNext() { #expect(calendar.removeNext()?.key == b.key) }
    #expect(calendar.isEmpty)
}

@Test func reservingALargePopulationNarrowsTheBucketsAndKeepsTheOrder() {
    var calendar = CalendarQueue<Payload>()
    calendar.reserveCapacity(3_200_000)   // 4 × 797,161 + 16, as World reserves for a million validiums
    #expect(calendar.mask + 1 == 16_384 && calendar.shift == 11, "horizon kept: 16,384 buckets of 2^11 µs")
    var small = CalendarQueue<Payload>()
    small.reserveCapacity(13_136)          // baseline's 3,280 nodes: unchanged
    #expect(small.mask + 1 == 1024 && small.shift == 15)
    var heap = QuaternaryHeap<Payload>()
    var rng = Pattern(state: 977)
    var now: SimTime = 0
    var seq: UInt64 = 0
    for _ in 0..<50_000 {
        let r = rng.next()
        if r % 5 < 3 || heap.isEmpty {
            let far = r % 11 == 0 ? SimTime(r % 100_000_000) : SimTime(r % 20_000_000)
            let key = EventKey(time: now + far, phase: UInt16(r >> 30 & 3), sequence: seq)
            seq += 1
            calendar.insert(ScheduledEvent(key: key, payload: Payload(id: seq)))
            heap.insert(ScheduledEvent(key: key, payload: Payload(id: seq)))
        } else {
            let a = calendar.removeNext(), b = heap.removeNext()
            #expect(a?.key == b?.key && a?.payload.id == b?.payload.id)
            if let a { now = a.key.time }
        }
    }
    while let b = heap.removeNext() { #expect(calendar.removeNext()?.key == b.key) }
    #expect(calendar.isEmpty)
    // Once used, reserving again keeps the layout.
    calendar.insert(ScheduledEvent(key: EventKey(time: now + 5, phase: 0, sequence: seq), payload: Payload(id: 0)))
    _ = calendar.removeNext()
    calendar.reserveCapacity(100_000_000)
    #expect(calendar.mask + 1 == 16_384)
}

/// Sees the ids a load hook is shown, in order (a class: the hook is an escaping closure).
final class LoadLog { var ids: [UInt64] = []; var shown = Set<UInt64>(); var batches = 0 }

@Test func theLoadHookSeesEveryRingEventOnceBeforeItComesOutAndChangesNoOrder() {
    // Buckets of 4 µs, 8 of them; a reference heap gives the order.
    var calendar = CalendarQueue<Payload>(shift: 2, bucketCount: 8)
    let log = LoadLog()
    calendar.setLoadHook { events in
        log.batches += 1
        for e in events { log.ids.append(e.payload.id); log.shown.insert(e.payload.id) }
    }
    var heap = QuaternaryHeap<Payload>()
    var rng = Pattern(state: 4242)
    var now: SimTime = 0
    var seq: UInt64 = 0
    var viaRing = Set<UInt64>()
    var poppedViaRing = 0
    for _ in 0..<10_000 {
        let r = rng.next()
        if r % 5 < 3 || heap.isEmpty {
            let key = EventKey(time: now + SimTime(r % 30), phase: 0, sequence: seq)
            seq += 1
            // Beyond the current bucket (and within the 32 µs horizon): the event waits in the ring.
            if key.time >> calendar.shift > calendar.bucket { viaRing.insert(seq) }
            calendar.insert(ScheduledEvent(key: key, payload: Payload(id: seq)))
            heap.insert(ScheduledEvent(key: key, payload: Payload(id: seq)))
        } else {
            let a = calendar.removeNext(), b = heap.removeNext()
            #expect(a?.payload.id == b?.payload.id, "the hook changes no order")
            guard let a else { continue }
            now = a.key.time
            if viaRing.contains(a.payload.id) {
                poppedViaRing += 1
                #expect(log.shown.contains(a.payload.id), "event \(a.payload.id) came out of the ring unseen")
            } else {
                #expect(!log.shown.contains(a.payload.id), "event \(a.payload.id) never was in the ring")
            }
        }
    }
    #expect(poppedViaRing > 1_000 && log.batches > 10, "popped \(poppedViaRing) via the ring in \(log.batches) buckets")
    #expect(log.shown.count == log.ids.count, "each event is shown once")
}
