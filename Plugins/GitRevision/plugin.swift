import Foundation
import PackagePlugin

/// Before every build of the target, writes `GitRevision.swift` with the git commit of the package
/// checkout and whether its sources differ from that commit (README "Provenance"). Outside a git
/// checkout (a release tarball) or without git, both are nil. The file is rewritten only when its
/// text changes, so an unchanged checkout recompiles nothing.
@main
struct GitRevisionPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("generated")
        // The checkout must be the package itself, not a repository the package was unpacked into.
        let script = #"""
            package="$1"; out="$2"; mkdir -p "$out"
            commit=nil; dirty=nil
            if command -v git >/dev/null 2>&1; then
              top=$(git -C "$package" rev-parse --show-toplevel 2>/dev/null || true)
              if [ -n "$top" ] && [ "$(cd "$top" && pwd -P)" = "$(cd "$package" && pwd -P)" ]; then
                head=$(git -C "$package" rev-parse HEAD 2>/dev/null || true)
                if [ -n "$head" ]; then
                  commit="\"$head\""
                  changes=$(GIT_OPTIONAL_LOCKS=0 git -C "$package" status --porcelain --untracked-files=normal -- Sources Package.swift Plugins 2>/dev/null || echo "?")
                  if [ -n "$changes" ]; then dirty=true; else dirty=false; fi
                fi
              fi
            fi
            text="// Generated before each build by Plugins/GitRevision: do not edit.
            /// The git checkout this binary was built from.
            enum GitRevision {
                /// The commit (40 hex digits); nil outside a git checkout.
                static let commit: String? = $commit
                /// Whether Sources, Package.swift or Plugins differed from the commit; nil outside a checkout.
                static let dirty: Bool? = $dirty
            }"
            if [ "$(cat "$out/GitRevision.swift" 2>/dev/null)" != "$text" ]; then printf '%s\n' "$text" > "$out/GitRevision.swift"; fi
            """#
        return [.prebuildCommand(displayName: "Recording the git commit of the checkout",
                                 executable: URL(fileURLWithPath: "/bin/sh"),
                                 arguments: ["-c", script, "git-revision", context.package.directoryURL.path, output.path],
                                 outputFilesDirectory: output)]
    }
}
