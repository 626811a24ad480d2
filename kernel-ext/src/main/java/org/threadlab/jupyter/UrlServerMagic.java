package org.threadlab.jupyter;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.threadlab.args.Args;
import org.threadlab.server.LatencyServer;

/**
 * {@code %urlserver}: starts (or shows) the local HTTP server the URL patterns fetch from, on
 * 127.0.0.1 only, and adds routes with set latencies and faults. The same server is
 * {@code LatencyServer.shared()} in Java; it stops with the kernel.
 */
final class UrlServerMagic implements LineMagic {
    static final MagicSpec SPEC = new MagicSpec("urlserver", false,
            "start or show the local 127.0.0.1 HTTP server with set latencies and faults",
            "%urlserver --route /slow-mirror --latency 500");
    static final String USAGE = "%urlserver [--route PATH [--latency MS] [--status CODE] [--body TEXT] "
            + "[--fault close|hang]] [--stop] [--help]";
    private static final String HELP = """
            Usage: %s

            Starts the local HTTP server (127.0.0.1, a free port) if it is not running and lists its routes.
            The URL patterns fetch from it over real sockets, so notebooks run offline and the same every time.
            In Java: LatencyServer.shared().url("/mirror-b"), .route(...), .fault(...), .requests().

              --route PATH     add or replace the route PATH (starts with /)
              --latency MS     how long the route waits before answering (default 0)
              --status CODE    HTTP status it answers (default 200)
              --body TEXT      response body (default: a line naming the route)
              --fault KIND     close: drop the connection without answering; hang: never answer
              --stop           stop the server (a later use starts a new one, on a new port)
              --help           show this help

            Built in: /slow/MS answers after MS milliseconds, /status/CODE answers CODE.
            """;

    @Override
    public String eval(Kernel kernel, List<String> args) {
        Args f = Args.parser("%urlserver", USAGE).values("--route", "--latency", "--status", "--body", "--fault")
                .switches("--stop").parse(args);
        if (f.help()) {
            return HELP.formatted(USAGE);
        }
        if (f.has("--stop")) {
            LatencyServer.stopShared();
            return "urlserver: stopped";
        }
        String path = f.text("--route");
        if (path == null && (f.has("--latency") || f.has("--status") || f.has("--body") || f.has("--fault"))) {
            throw f.error("--latency, --status, --body and --fault need --route PATH.");
        }
        LatencyServer server = LatencyServer.shared();
        if (path != null) {
            if (!path.startsWith("/")) {
                throw f.error("--route needs a path starting with '/', not '" + path + "'.");
            }
            Duration wait = Duration.ofMillis(f.integer("--latency", 0, 0, 600_000));
            String fault = f.text("--fault");
            if (fault != null) {
                LatencyServer.Fault kind = switch (fault.toLowerCase(Locale.ROOT)) {
                    case "close" -> LatencyServer.Fault.CLOSE;
                    case "hang" -> LatencyServer.Fault.HANG;
                    default -> throw f.error("--fault must be close or hang, not '" + fault + "'.");
                };
                server.fault(path, wait, kind);
            } else {
                String body = f.text("--body");
                server.route(path, wait, f.integer("--status", 200, 100, 599), body != null ? body : "hello from " + path.substring(1));
            }
        }
        return describe(server);
    }

    static String describe(LatencyServer server) {
        StringBuilder sb = new StringBuilder("urlserver: http://127.0.0.1:" + server.port() + "\n");
        for (Map.Entry<String, LatencyServer.Route> e : server.routes().entrySet()) {
            LatencyServer.Route r = e.getValue();
            sb.append(String.format(Locale.ROOT, "  %-16s %5d ms  %s%n", e.getKey(), r.latency().toMillis(),
                    r.fault() == LatencyServer.Fault.NONE ? "status " + r.status() : "fault " + r.fault().name().toLowerCase(Locale.ROOT)));
        }
        return sb.append("  /slow/MS, /status/CODE built in").toString();
    }
}
