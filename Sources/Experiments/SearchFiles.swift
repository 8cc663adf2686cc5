import Foundation
import Metrics
import Scenarios

/// Loading a search for this program (`expect:` and objective names checked against this version's figures).
public enum SearchFiles {
    /// The setup of the file's `search:` block, with `--set` overrides; throws a `ScenarioError` on bad input.
    public static func setup(_ path: String, overrides: [String] = []) throws -> SearchSetup {
        let plan: SearchPlan
        do {
            plan = try ScenarioLoader.loadSearch(path: path, overrides: overrides, programVersion: ProgramVersion.current,
                                                 summaryNames: ExpectationChecker.knownFigures,
                                                 textFigures: SummaryBuilder.textFigures)
        } catch {
            throw error as ScenarioError
        }
        return SearchSetup(spec: plan.spec, base: plan.base, fixedAdversary: plan.fixedAdversary, identity: plan.identity,
                           identityText: plan.identityText, parents: plan.parents) { extra, seed in try plan.scenario(overrides: extra, seed: seed) }
    }

    /// The default database: `results/<name>-search.sqlite`, with six hex digits of the `--set`
    /// overrides when there are any (`results/<name>-search-3fa2c1.sqlite`).
    public static func defaultDatabasePath(_ setup: SearchSetup, overrides: [String] = []) -> String {
        SweepFiles.resultsPath(setup.base.name, suffix: "search", overrides: overrides)
    }

    /// The default written-out scenario: `results/<name>-search-best.yaml` (with the overrides' digest).
    public static func defaultScenarioPath(_ setup: SearchSetup, overrides: [String] = []) -> String {
        SweepFiles.resultsPath(setup.base.name, suffix: "search-best", overrides: overrides, ext: "yaml")
    }
}
