import SimCore
import Stochastic

/// Selection by normalised reputation, prover queues, job completion (the market's internals).
extension ProverMarket {
    /// Hands job `j` out for the first time: it takes a place in the window.
    mutating func dispatch(_ j: Int32, now: SimTime) {
        outstanding += 1
        if jobSample[Int(j)] >= 0 { sample[Int(jobSample[Int(j)])].dispatched = now }
        assign(j, now: now, avoiding: -1)
    }

    /// Picks a prover for job `j` among those not holding it, with probability proportional to stake
    /// × reputation ratio (prover `avoiding` only when nobody else can take it); −1 when nobody can.
    mutating func choose(for j: Int32, avoiding: Int32) -> Int32 {
        var a = jobFirst[Int(j)]
        while a >= 0 { marked[Int(asgProver[Int(a)])] = true; a = asgNextOfJob[Int(a)] }
        defer {
            var b = jobFirst[Int(j)]
            while b >= 0 { marked[Int(asgProver[Int(b)])] = false; b = asgNextOfJob[Int(b)] }
        }
        var total = 0.0
        for p in 0..<count where !marked[p] && p != Int(avoiding) { total += weight(p) }
        var skip = Int(avoiding)
        if total <= 0, avoiding >= 0, !marked[Int(avoiding)] {
            total = weight(Int(avoiding))
            skip = -1
        }
        guard total > 0 else { return -1 }
        let u = stream.uniform() * total
        var sum = 0.0, last: Int32 = -1
        for p in 0..<count where !marked[p] && p != skip && weight(p) > 0 {
            sum += weight(p)
            last = Int32(p)
            if u < sum { return Int32(p) }
        }
        return last   // rounding at the top end
    }

    /// Gives job `j` to a newly chosen prover (nothing when every prover already holds it or none
    /// has any weight left), with its deadline T from now.
    mutating func assign(_ j: Int32, now: SimTime, avoiding: Int32) {
        let p = choose(for: j, avoiding: avoiding)
        guard p >= 0 else { return }
        let a: Int32
        if let free = freeAssignments.popLast() {
            a = free
        } else {
            a = Int32(asgJob.count)
            asgJob.append(0); asgProver.append(0); asgNextInQueue.append(-1); asgNextOfJob.append(-1)
            asgGeneration.append(0); asgState.append(.free); asgLate.append(false)
        }
        let ai = Int(a)
        asgJob[ai] = j; asgProver[ai] = p; asgNextInQueue[ai] = -1; asgLate[ai] = false
        asgState[ai] = .queued
        asgNextOfJob[ai] = jobFirst[Int(j)]
        jobFirst[Int(j)] = a
        rows[Int(p)].jobs += 1
        jobAssignments[Int(j)] += 1
        if jobAssignments[Int(j)] > 1 { totals.reassignments += 1 }
        if let s = sampleIndex(j) { sample[s].assignments = jobAssignments[Int(j)] }
        effects.append(.deadline(prover: p, assignment: a, generation: asgGeneration[ai], at: now + config.deadline))
        if current[Int(p)] < 0 {
            start(a, on: Int(p), now: now)
        } else {
            if queueTail[Int(p)] >= 0 { asgNextInQueue[Int(queueTail[Int(p)])] = a } else { queueHead[Int(p)] = a }
            queueTail[Int(p)] = a
        }
    }

    /// Prover `p` starts assignment `a`: one speed draw, the work divided by it.
    mutating func start(_ a: Int32, on p: Int, now: SimTime) {
        asgState[Int(a)] = .running
        current[p] = a
        startedAt[p] = now
        let factor = Swift.max(speed[p].sample(stream), 1e-9)
        let work = Double(jobWork[Int(asgJob[Int(a)])])
        let duration = Swift.max(1, SimTime(Swift.min((work / factor).rounded(), 1e15)))
        effects.append(.finish(prover: Int32(p), assignment: a, generation: asgGeneration[Int(a)], at: now + duration))
    }

    /// Prover `p` is free: it starts the next assignment of its queue that is still wanted.
    mutating func startNext(_ p: Int, now: SimTime) {
        current[p] = -1
        while queueHead[p] >= 0 {
            let a = queueHead[p]
            queueHead[p] = asgNextInQueue[Int(a)]
            if queueHead[p] < 0 { queueTail[p] = -1 }
            if asgState[Int(a)] == .dropped { release(a); continue }
            start(a, on: p, now: now)
            return
        }
    }

    /// Job `j`'s valid proof came from `prover`: record it, drop the other assignments, free its
    /// place in the window for the next waiting job.
    mutating func complete(_ j: Int32, by prover: Int32, now: SimTime) {
        effects.append(.proven(node: jobNode[Int(j)], record: jobRecord[Int(j)]))
        latencies.append(now - jobSubmitted[Int(j)])
        if let s = sampleIndex(j) { sample[s].delivered = now; sample[s].prover = prover }
        scratch.removeAll(keepingCapacity: true)
        var a = jobFirst[Int(j)]
        while a >= 0 { scratch.append(a); a = asgNextOfJob[Int(a)] }
        jobFirst[Int(j)] = -1
        for b in scratch {
            let q = Int(asgProver[Int(b)])
            rows[q].cancelled += 1
            if asgState[Int(b)] == .running {
                rows[q].busy += now - startedAt[q]
                release(b)
                startNext(q, now: now)
            } else {
                asgState[Int(b)] = .dropped   // freed when it reaches the head of its prover's queue
            }
        }
        freeJobs.append(j)
        outstanding -= 1
        while outstanding < config.window, backlogHead < backlog.count {
            let next = backlog[backlogHead]
            backlogHead += 1
            dispatch(next, now: now)
        }
        if backlogHead > 1024, backlogHead * 2 > backlog.count {
            backlog.removeFirst(backlogHead)
            backlogHead = 0
        }
    }

    /// Removes assignment `a` from job `j`'s list of live assignments.
    mutating func unlink(_ a: Int32, from j: Int32) {
        if jobFirst[Int(j)] == a { jobFirst[Int(j)] = asgNextOfJob[Int(a)]; return }
        var b = jobFirst[Int(j)]
        while b >= 0 {
            if asgNextOfJob[Int(b)] == a { asgNextOfJob[Int(b)] = asgNextOfJob[Int(a)]; return }
            b = asgNextOfJob[Int(b)]
        }
    }

    /// Returns assignment slot `a`; its pending events no longer match its generation.
    mutating func release(_ a: Int32) {
        asgState[Int(a)] = .free
        asgGeneration[Int(a)] &+= 1
        freeAssignments.append(a)
    }

    /// Applies `change` to prover `p`'s stake or ratio, integrating its previous weight up to now.
    mutating func changeWeight(_ p: Int, now: SimTime, _ change: (inout ProverMarket) -> Void) {
        weightArea[p] += weight(p) * Double(now - weightSince[p])
        weightSince[p] = now
        change(&self)
    }

    /// The job's row in the sample, if it is sampled.
    @inline(__always) func sampleIndex(_ j: Int32) -> Int? {
        let s = jobSample[Int(j)]
        return s >= 0 ? Int(s) : nil
    }
}
