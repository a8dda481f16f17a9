package org.kvlab.server;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * A JFR event for one turn of a serving thread that handed the server something: an event loop's turn (the reads of
 * one wait for readiness or completion), or one read of a thread-per-connection transport. It lasts from the first
 * read or wake-up the turn handed the server to the end of the turn, the fsync of the turn's writes included; the
 * transport writes the turn's replies after it. Created only while a recording enables it; by default only turns of
 * at least 1 ms are recorded (a loop turns up to a hundred thousand times a second), a recording may set the
 * threshold to 0 for every turn.
 */
@Name("org.kvlab.EventLoopTurn")
@Label("Event Loop Turn")
@Category("kvlab")
@Description("The reads one turn of a serving thread handed the server, until the turn's end (its fsync included)")
@StackTrace(false)
@Threshold("1 ms")
final class EventLoopTurnEvent extends Event {

    /** Asked whether a recording enables the event, so that a turn costs nothing while none does. */
    private static final EventLoopTurnEvent PROBE = new EventLoopTurnEvent();

    @Label("Transport")
    String transport;

    @Label("Connections")
    @Description("The connections the turn served: read from, or woken to write output no request asked for")
    int connections;

    @Label("Requests")
    @Description("The commands the turn's reads ran")
    long requests;

    @Label("Bytes Read")
    @DataAmount
    long bytesRead;

    @Label("Reply Bytes")
    @Description("The output the turn's reads and wake-ups appended, which the transport writes once the turn ends")
    @DataAmount
    long replyBytes;

    /** Returns whether a recording enables the event: one read of JFR's setting, no allocation. */
    static boolean recording() {
        return PROBE.isEnabled();
    }
}
