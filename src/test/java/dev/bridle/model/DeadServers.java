package dev.bridle.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Real addresses on 127.0.0.1 where a model server is not: a closed port, a port that accepts no connection, and a
 * port that accepts one and never answers. Tests of how a binding fails use them instead of mocking the HTTP client.
 */
public final class DeadServers {

    private DeadServers() {}

    /** A port nothing listens on: a server was bound to it and closed, so connecting is refused. */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A listening port whose queue of pending connections is full, so the kernel drops new connection attempts
     * without an answer, as a firewall or a host that is down does; empty where the system does not behave so.
     */
    public static Optional<Listener> silentlyDropping() {
        try {
            ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            List<Socket> queued = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Socket client = new Socket();
                try {
                    client.connect(socket.getLocalSocketAddress(), 300);
                    queued.add(client);
                } catch (SocketTimeoutException e) {
                    client.close();
                    return Optional.of(new Listener(socket, queued));
                }
            }
            new Listener(socket, queued).close();
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port that accepts connections and then never writes a byte. */
    public static Listener acceptingAndSilent() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            List<Socket> accepted = new ArrayList<>();
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        synchronized (accepted) {
                            accepted.add(s);
                        }
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
            return new Listener(socket, accepted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A listening port and the connections held open on it; closing it closes them all. */
    public static final class Listener implements AutoCloseable {

        private final ServerSocket socket;
        private final List<Socket> held;

        private Listener(ServerSocket socket, List<Socket> held) {
            this.socket = socket;
            this.held = held;
        }

        public int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() {
            try {
                socket.close();
                synchronized (held) {
                    for (Socket s : held) {
                        s.close();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
