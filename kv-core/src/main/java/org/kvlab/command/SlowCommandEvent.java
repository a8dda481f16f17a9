package org.kvlab.command;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A JFR event for a command that ran at least {@code slowlog-log-slower-than} microseconds, the commands the slow log
 * keeps. Created only for such commands, and only committed while a recording enables it.
 */
@Name("org.kvlab.SlowCommand")
@Label("Slow Command")
@Category("kvlab")
@Description("A command that ran at least slowlog-log-slower-than microseconds")
@StackTrace(false)
final class SlowCommandEvent extends Event {

    @Label("Command")
    String command;

    @Label("Arguments")
    @Description("How many arguments the command had, its name included")
    int arguments;

    @Label("Run Time")
    @Timespan(Timespan.MICROSECONDS)
    long runTime;

    @Label("Client Id")
    long clientId;

    /** Commits an event for command {@code name} that ran {@code micros} µs, if a recording wants it. */
    static void commit(String name, int arguments, long micros, long clientId) {
        SlowCommandEvent event = new SlowCommandEvent();
        if (!event.isEnabled()) {
            return;
        }
        event.command = name;
        event.arguments = arguments;
        event.runTime = micros;
        event.clientId = clientId;
        event.commit();
    }
}
