package org.kvlab.testsuite.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real loopback server that accepts connections and reads requests but never replies: the server that hangs,
 * for timeout and pool tests. Thread-safe; close it to close every socket and stop its threads.
 */
public final class SilentServer implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstBytes = new CountDownLatch(1);
    private final Thread acceptor;

    /** Starts listening on a free loopback port. */
    public SilentServer() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "silent-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Returns the address it listens on. */
    public InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress().getHostAddress(), listener.getLocalPort());
    }

    /** Waits until some connection has sent it at least one byte; returns whether that happened in time. */
    public boolean awaitRequest(long timeout, TimeUnit unit) throws InterruptedException {
        return firstBytes.await(timeout, unit);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                accepted.add(s);
                Thread reader = new Thread(() -> drain(s), "silent-server-read");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void drain(Socket s) {
        byte[] buf = new byte[8192];
        try (InputStream in = s.getInputStream()) {
            while (in.read(buf) >= 0) {
                firstBytes.countDown();
            }
        } catch (IOException e) {
            // the socket was closed: nothing more to read
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : accepted) {
            s.close();
        }
    }
}
