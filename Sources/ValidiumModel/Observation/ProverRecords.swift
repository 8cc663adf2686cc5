import SimCore

/// End-of-run figures of one prover of the market.
public struct ProverRow: Sendable, Equatable {
    /// Prover id (order of `provers.pool`).
    public var id: Int32
    /// Stake deposited at the start.
    public var initialStake: Double
    /// Stake left at the end (after fines).
    public var stake: Double
    /// Mean of the speed factor's distribution.
    public var speed: Double
    /// Probability of an invalid proof.
    public var invalidRate: Double
    /// Reputation ratio at the end, in (0, 1].
    public var reputation: Double
    /// Normalised reputation at the end: stake × ratio over the pool's sum (its selection probability).
    public var reputationShare: Double
    /// Normalised reputation averaged over the run (time-integrated selection weight over the pool's).
    public var reputationShareMean: Double
    /// Jobs handed to it (first assignments and reassignments).
    public var jobs: Int64
    /// Valid proofs it delivered within T (rewarded).
    public var onTime: Int64
    /// Valid proofs it delivered after T (used when first, not rewarded).
    public var lateProofs: Int64
    /// Deadlines it missed.
    public var missedDeadlines: Int64
    /// Invalid proofs it returned.
    public var invalidProofs: Int64
    /// Jobs it dropped because another prover's proof came first.
    public var cancelled: Int64
    /// Stake taken by fines.
    public var fines: Double
    /// Rewards earned.
    public var rewards: Double
    /// Its share of all rewards.
    public var rewardShare: Double
    /// Time spent proving (µs).
    public var busy: SimTime

    /// A row with every counter at zero.
    public init(id: Int32, initialStake: Double, speed: Double, invalidRate: Double) {
        self.id = id; self.initialStake = initialStake; self.stake = initialStake; self.speed = speed
        self.invalidRate = invalidRate; reputation = 1; reputationShare = 0; reputationShareMean = 0
        jobs = 0; onTime = 0; lateProofs = 0; missedDeadlines = 0; invalidProofs = 0; cancelled = 0
        fines = 0; rewards = 0; rewardShare = 0; busy = 0
    }
}

/// One proving job of the sample kept in `proof_jobs` (every k-th job: see `ProverResults.jobStride`).
public struct ProofJobRow: Sendable, Equatable {
    /// Sequence number of the job (submission order).
    public var job: Int64
    /// The validium whose round it proves.
    public var node: Int32
    /// Reference work (the timing model's proving time, µs).
    public var work: SimTime
    /// Submitted to the market.
    public var submitted: SimTime
    /// First handed to a prover (after waiting for room in the window).
    public var dispatched: SimTime
    /// Valid proof delivered (−1: not by the end).
    public var delivered: SimTime
    /// The prover whose proof was used (−1: none yet).
    public var prover: Int32
    /// Assignments made (1 + reassignments).
    public var assignments: Int32
    /// Deadlines missed on this job.
    public var missed: Int32
    /// Invalid proofs returned for this job.
    public var invalid: Int32

    /// A job just submitted.
    public init(job: Int64, node: Int32, work: SimTime, submitted: SimTime) {
        self.job = job; self.node = node; self.work = work; self.submitted = submitted
        dispatched = -1; delivered = -1; prover = -1; assignments = 0; missed = 0; invalid = 0
    }
}

/// What the prover market measured (empty without `provers:`).
public struct ProverResults: Sendable, Equatable {
    /// One row per prover, by id.
    public var provers: [ProverRow] = []
    /// A deterministic sample of the jobs: every `jobStride`-th job in submission order.
    public var jobs: [ProofJobRow] = []
    /// Keep one job in this many in `jobs`.
    public var jobStride: Int64 = 1
    /// Proof latency (submission to valid proof, s) of every completed job, ascending.
    public var latencies: [Double] = []
    /// Jobs submitted.
    public var submitted: Int64 = 0
    /// Jobs not proven by the end.
    public var pending: Int64 = 0
    /// Missed deadlines (all provers).
    public var missedDeadlines: Int64 = 0
    /// Invalid proofs (all provers).
    public var invalidProofs: Int64 = 0
    /// Assignments beyond each job's first.
    public var reassignments: Int64 = 0
    /// Jobs that had to wait for room in the window.
    public var windowWaits: Int64 = 0
    /// Largest number of jobs waiting for room in the window.
    public var maxBacklog: Int64 = 0
    /// Public init.
    public init() {}
}
