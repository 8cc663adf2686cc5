import ArgumentParser
import Experiments
import Foundation

/// The `fractalsim` command: lists its subcommands, one file each.
struct FractalSim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fractalsim",
        abstract: "A deterministic discrete-event simulator of the fractal validium tree.",
        discussion: "Exit codes: 0 success, 1 a check failed (an expectation, a bounds verdict, an incomplete merge), 2 bad input.",
        version: ProgramVersion.description,
        subcommands: [RunCommand.self, SweepCommand.self, MergeCommand.self, ReplayCommand.self, ReportCommand.self, CompareCommand.self,
                      BoundsCommand.self, ExportCommand.self, ValidateCommand.self, ShowCommand.self, SchemaCommand.self,
                      CalibrateCommand.self, BenchCommand.self, SearchCommand.self]
    )
}

/// A failure with a message already printed or to print, and an exit code.
struct CommandFailure: Error {
    var code: Int32
    var message: String?
}

@main
enum Main {
    static func main() {
        HugePages.reexecIfUseful()
        do {
            var command = try FractalSim.parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            fflush(nil)   // what was printed comes first in a log that holds both (Slurm's --output)
            if let m = failure.message { FileHandle.standardError.write(Data((m + "\n").utf8)) }
            exit(failure.code)
        } catch {
            // Help and version requests exit 0; every usage error is bad input: exit 2.
            let code = FractalSim.exitCode(for: error)
            if code == .success { FractalSim.exit(withError: error) }
            FileHandle.standardError.write(Data((FractalSim.fullMessage(for: error) + "\n").utf8))
            exit(2)
        }
    }
}
