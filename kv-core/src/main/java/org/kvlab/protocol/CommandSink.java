package org.kvlab.protocol;

/** Receives the commands a {@link RespParser} completes, in the order they arrived, on the parsing thread. */
@FunctionalInterface
public interface CommandSink {

    /**
     * Receives one complete command.
     *
     * @param args the arguments in {@code args[0..argc)}, {@code args[0]} being the command name as sent; the
     *             array itself is reused by the parser after this method returns. Each {@code byte[]} element may
     *             be kept and is never written by the parser; every argument but the name is freshly allocated,
     *             while {@code args[0]} may be the very array of a previous command's name when the bytes are the
     *             same (no allocation for a run of the same command), so it must be treated as read-only
     * @param argc the number of arguments, at least 1
     * @return {@code true} to go on parsing, {@code false} to make {@link RespParser#parse} return right after
     *         this command
     */
    boolean onCommand(byte[][] args, int argc);
}
