/// libiscsi's error strings name its internal functions ("iscsi_service_reconnect_if_loggedin: ...",
/// "iscsi_connect_async: ..."): they mean nothing to a user. This turns them into DiscBurn's words, by what they
/// say happened; text that matches nothing becomes a plain sentence without the function name.
enum ISCSIErrorText {
    static func plain(_ libiscsi: String) -> String {
        let text = libiscsi.lowercased()
        let rules: [([String], String)] = [
            (["refused"], "the connection was refused"),
            (["timed out", "timeout"], "the target did not answer in time"),
            (["target not found", "targetnotfound", "0x0203", "not found"], "the target does not exist on that portal"),
            (["authoriz", "authentic", "0x0201", "0x0202"], "the target refused the login (not authorised)"),
            (["lun", "logical unit"], "the logical unit does not exist"),
            (["no route", "unreachable"], "the host cannot be reached"),
            (["reset by peer", "broken pipe", "eof", "reconnect", "socket", "closed"],
             "the target closed the connection"),
            (["getaddrinfo", "resolve", "name or service"], "the host name cannot be resolved"),
        ]
        for (needles, meaning) in rules where needles.contains(where: { text.contains($0) }) {
            return meaning
        }
        // Drop a leading "function_name: " and keep the rest.
        if let colon = libiscsi.firstIndex(of: ":"), libiscsi[..<colon].allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber }) {
            let rest = libiscsi[libiscsi.index(after: colon)...].drop(while: { $0 == " " })
            return rest.isEmpty ? "the target failed" : "the target failed: " + rest
        }
        return libiscsi.isEmpty ? "the target failed" : "the target failed: " + libiscsi
    }
}
