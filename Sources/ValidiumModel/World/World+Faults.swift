import SimCore

/// Faulty operators (MODEL.md §5): behaviour windows, refused or unanswered DA requests, and
/// detection — a failed fetch confirms the fault, an alarm spreads by gossip through the faulty
/// node's subtree, and every descendant checks for itself before acting.
extension World {
    /// Schedules the start and end of every adversary window.
    func scheduleAdversaries() {
        for (k, entry) in config.faults.adversaries.enumerated() {
            for v in entry.nodes where Int(v) < n {
                engine.schedule(at: entry.from, phase: EventPhase.delivery, ModelEvent(.behavior, node: v, arg: Int32(k), aux: 1))
                if entry.until != .max && entry.until <= config.duration {
                    engine.schedule(at: entry.until, phase: EventPhase.delivery, ModelEvent(.behavior, node: v, arg: Int32(k), aux: 0))
                }
            }
        }
    }

    /// Adversary entry `k` starts (`starts`) or ends for node `v`.
    func changeBehavior(_ v: Int32, entry k: Int32, starts: Bool) {
        let entry = config.faults.adversaries[Int(k)]
        let i = Int(v)
        if faults.replaced.contains(v) { return }   // a new operator is honest
        // Burn and vote forgers act honestly otherwise: their behaviour code stays honest.
        let code = entry.behavior == .forge && entry.forged != .update ? 0 : FaultState.code(entry.behavior)
        let key = Int64(k) << 32 | Int64(v)
        if starts {
            faults.behavior[i] = code
            if entry.behavior == .forge { faults.forging[i] = FaultState.forgeCode(entry.forged) }
            if entry.behavior == .slow { faults.slowFactor[v] = entry.factor }
            if entry.behavior == .censor { faults.censored[v] = .some(entry.censored) }
            if let l1 = entry.l1Fault, forks != nil { l1FaultStarts(l1, behavior: entry.behavior) }
            faults.faultRow[key] = faults.results.faults.count
            faults.latestFaultRow[v] = faults.results.faults.count
            faults.results.faults.append(FaultRow(
                node: v, behavior: entry.behavior.rawValue, from: engine.now, until: entry.until == .max ? -1 : entry.until,
                detectedAt: -1, firstDetector: -1, recoveredAt: -1))
            if eager && entry.behavior == .offline { /* an offline node simply stops starting rounds */ }
        } else if faults.behavior[i] == code
                    && (entry.behavior != .forge || faults.forging[i] == FaultState.forgeCode(entry.forged)) {
            faults.behavior[i] = 0
            if entry.behavior == .equivocate, forks != nil { l1EquivocationEnds() }
            faults.forging[i] = 0
            if let row = faults.faultRow[key], faults.results.faults[row].recoveredAt < 0 {
                faults.results.faults[row].recoveredAt = engine.now   // the operator came back by itself
            }
            if eager && nodes[i].roundState == .idle { scheduleRound(v, at: engine.now) }
        }
    }

    /// How parent `p` answers a DA request of child `v` now: nil served, else the delay until `v`
    /// knows the fetch failed (a refusal travels back; silence lasts until `da.timeout`).
    @inline(__always)
    func refusal(by p: Int, to v: Int, sentAt: SimTime) -> SimTime? {
        let b = faults.behavior[p]
        if b == 0 || b == FaultState.slow || b == FaultState.collude || b == FaultState.forge { return nil }
        if faults.behavior[v] == FaultState.collude && b != FaultState.offline { return nil }  // accomplices are served
        if b == FaultState.offline { return max(engine.now, sentAt + config.faults.daTimeout) }
        if b == FaultState.withhold { return engine.now + networkDelay() }
        // censor: the child sees its ZKP still missing from the parent's group VM after da.timeout.
        if b == FaultState.censor, isCensoring(p, v), let since = faults.censoredSince[Int32(v)],
           engine.now - since >= config.faults.daTimeout {
            return engine.now + networkDelay()
        }
        return nil
    }

    /// True when censoring node `p` refuses child `c`'s ZKPs.
    @inline(__always)
    func isCensoring(_ p: Int, _ c: Int) -> Bool {
        guard faults.behavior[p] == FaultState.censor, let spec = faults.censored[Int32(p)] else { return false }
        return spec.map { $0.contains(Int32(c)) } ?? true
    }

    /// `v`'s round fetch from `p` failed: the round is abandoned, and `v` has detected the fault.
    func fetchFailed(_ v: Int32, parent p: Int32) {
        let i = Int(v)
        if let e = every {
            let steps = max(1, (engine.now - nodes[i].roundStart + e - 1) / e)
            let next = nodes[i].roundStart + steps * e
            if next <= config.duration { scheduleRound(v, at: next) } else { nodes[i].roundState = .idle }
        } else {
            let next = engine.now + config.faults.daTimeout   // eager: retry after a timeout
            if next <= config.duration { scheduleRound(v, at: next) } else { nodes[i].roundState = .idle }
        }
        if tree.parent[i] == p { confirmFault(by: v, faulty: p) }
    }

    /// `v` has seen for itself that `p` fails: it acts (votes or exits) and raises the alarm.
    func confirmFault(by v: Int32, faulty p: Int32) {
        let i = Int(v)
        guard faults.behavior[i] == 0 || faults.behavior[i] == FaultState.slow else { return }  // faulty nodes don't act
        guard faults.isFaulty(Int(p)), !faults.replaced.contains(p) else { return }
        let key = Int64(v) << 32 | Int64(p)
        guard faults.confirmed.insert(key).inserted else { return }
        if let row = faults.latestFaultRow[p], faults.results.faults[row].detectedAt < 0 {
            faults.results.faults[row].detectedAt = engine.now
            faults.results.faults[row].firstDetector = v
        }
        switch config.faults.recovery {
        case .replace: castVote(v, against: p)
        case .exit: if tree.parent[i] == p { startExit(v, from: p) }
        }
        if faults.alerted.insert(key).inserted { gossip(from: v, about: p, except: -1) }
    }

    /// An alarm about `p` reached `v` from `sender`: pass it on, then check `p` with an own fetch.
    func alarmArrived(_ v: Int32, faulty p: Int32, from sender: Int32) {
        faults.results.alarms += 1
        let i = Int(v)
        guard faults.behavior[i] == 0 || faults.behavior[i] == FaultState.slow else { return }  // colluders stay silent
        let key = Int64(v) << 32 | Int64(p)
        guard faults.alerted.insert(key).inserted else { return }
        gossip(from: v, about: p, except: sender)
        // The check: a DA request straight to p (every node holds its ancestors' group VMs); a
        // missed forced operation shows in p's published state.
        var failedAt = refusal(by: Int(p), to: i, sentAt: engine.now)
        if failedAt == nil && faults.missedForced.contains(p) { failedAt = engine.now + networkDelay() }
        if failedAt == nil && publishesForgedUpdates(p) { failedAt = engine.now + networkDelay() }  // its update fails the check
        let at = failedAt ?? engine.now + networkDelay() + nodes[i].daTransfer
        engine.schedule(at: at, phase: EventPhase.delivery, ModelEvent(.checkDone, node: v, arg: p, aux: failedAt == nil ? 0 : 1))
    }

    /// Gossip to `v`'s neighbours inside p's subtree; faulty nodes are stepped over to their children.
    func gossip(from v: Int32, about p: Int32, except sender: Int32) {
        let i = Int(v)
        var targets: [Int32] = []
        let up = tree.parent[i]
        if up != p && up > 0 && !faults.isFaulty(Int(up)) { targets.append(up) }
        if up == p || (up > 0 && faults.isFaulty(Int(up))) {
            forEachChild(Int(up)) { s in if s != v && !faults.isFaulty(Int(s)) { targets.append(s) } }
        }
        forEachChild(i) { c in
            if faults.isFaulty(Int(c)) {
                forEachChild(Int(c)) { targets.append($0) }
            } else {
                targets.append(c)
            }
        }
        for t in targets where t != sender {
            engine.schedule(at: engine.now + networkDelay(), phase: EventPhase.delivery,
                            ModelEvent(.alarm, node: t, arg: p, aux: v))
        }
    }

    @inline(__always)
    func forEachChild(_ v: Int, _ body: (Int32) -> Void) {
        for k in Int(tree.childStart[v])..<Int(tree.childStart[v + 1]) { body(tree.children[k]) }
    }

    /// The honest ancestor that counts votes or processes exits for faulty `p`: its parent, or
    /// above the whole faulty chain segment (MODEL.md §5 cascades).
    func counter(for p: Int) -> Int32 {
        var x = Int(tree.parent[p])
        while x > 0 && faults.isFaulty(x) { x = Int(tree.parent[x]) }
        return Int32(max(x, 0))
    }
}
