package org.threadlab.kernel;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/** Starts the kernel for a Jupyter connection file: {@code Main <connection-file>}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -cp 'kernel/target/lib/*' org.threadlab.kernel.Main CONNECTION_FILE");
            System.exit(2);
        }
        StartupTrace.t("main");
        PrintStream log = System.err;
        // the connection's sockets first, made before JShell's start (which the kernel begins in the
        // background, and the first cell waits for) takes the other core: kernel_info came ~100 ms sooner
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        KernelConnection connection = new KernelConnection(props, log);
        StartupTrace.t("connection made");
        ThreadLabKernel kernel = ThreadLabKernel.create(log);
        StartupTrace.t("kernel made");
        kernel.becomeHandlerForConnection(connection);
        // start-up (extensions, JShell warm-up) holds the kernel lock, so early execute requests wait for it
        synchronized (kernel) {
            connection.connect();
            StartupTrace.t("connected");
            kernel.onStartup();
        }
        connection.waitUntilClose();
        // threads that cells started must not keep a shut-down kernel's JVM alive
        System.exit(0);
    }
}
