import Dispatch
import Foundation

/// SIGINT/SIGTERM → one call of `onInterrupt` (the job stops cleanly and the command exits 130); a second signal
/// is left to the default action so a stuck program can still be killed.
final class InterruptHandler: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []

    init(onInterrupt: @escaping @Sendable () -> Void) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                FileHandle.standardError.write(Data("\ndiscburn: interrupted: stopping cleanly...\n".utf8))
                signal(SIGINT, SIG_DFL)
                signal(SIGTERM, SIG_DFL)
                onInterrupt()
            }
            source.resume()
            sources.append(source)
        }
    }

    func stop() {
        for s in sources { s.cancel() }
        sources.removeAll()
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
