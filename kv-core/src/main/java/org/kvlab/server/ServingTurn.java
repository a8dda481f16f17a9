package org.kvlab.server;

/**
 * What one serving thread handed the server in its current turn, while a recording enables
 * {@code org.kvlab.EventLoopTurn}: the event, begun at the turn's first read, and its counts. One per serving thread,
 * used by that thread only.
 */
final class ServingTurn {

    private static final ThreadLocal<ServingTurn> OF_THREAD = new ThreadLocal<>();

    private EventLoopTurnEvent event;
    private long number;
    private int connections;
    private long requests;
    private long bytesRead;
    private long replyBytes;

    private ServingTurn() {
    }

    /** Returns the calling thread's turn, made on first use. */
    static ServingTurn ofThisThread() {
        ServingTurn turn = OF_THREAD.get();
        if (turn == null) {
            turn = new ServingTurn();
            OF_THREAD.set(turn);
        }
        return turn;
    }

    /**
     * Ends the calling thread's turn, if one is open (see {@link #end}): one thread-local read per turn, nothing more
     * while no recording has enabled the event.
     */
    static void endOnThisThread(KvServer server) {
        ServingTurn turn = OF_THREAD.get();
        if (turn != null && turn.event != null) {
            turn.end(server.transportName());
        }
    }

    /**
     * Counts what one handler call of a connection took and gave; begins the turn's event at its first call.
     *
     * @param countedInTurn the number this method returned to the connection last, so a connection counts once
     * @param read the bytes handed to the handler
     * @param commands the commands they ran
     * @param replied the bytes the handler appended
     * @return the turn's number
     */
    long served(long countedInTurn, long read, long commands, long replied) {
        if (event == null) {
            event = new EventLoopTurnEvent();
            event.begin();
            number++;
        }
        if (countedInTurn != number) {
            connections++;
        }
        requests += commands;
        bytesRead += read;
        replyBytes += replied;
        return number;
    }

    /**
     * Ends the turn: commits its event if a recording still wants it (a turn during which the recording stopped is
     * dropped) and starts counting afresh.
     */
    private void end(String transport) {
        EventLoopTurnEvent e = event;
        event = null;
        e.end();
        if (e.shouldCommit()) {
            e.transport = transport;
            e.connections = connections;
            e.requests = requests;
            e.bytesRead = bytesRead;
            e.replyBytes = replyBytes;
            e.commit();
        }
        connections = 0;
        requests = 0;
        bytesRead = 0;
        replyBytes = 0;
    }
}
