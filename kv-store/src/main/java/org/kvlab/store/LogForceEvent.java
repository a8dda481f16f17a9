package org.kvlab.store;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A JFR event for one fsync of the write-ahead log's current file: its duration is the force's, and it says how many
 * bytes it made durable and whether writers waited for it (a group commit under {@code appendfsync always}).
 * Committed only while a recording enables it.
 */
@Name("org.kvlab.LogForce")
@Label("Log Force")
@Category("kvlab")
@Description("An fsync of the write-ahead log")
@StackTrace(false)
final class LogForceEvent extends Event {

    @Label("Fsync Policy")
    String policy;

    @Label("Bytes")
    @DataAmount
    long bytes;

    @Label("Group Commit")
    @Description("Whether writers waited for this force (appendfsync always)")
    boolean groupCommit;
}
