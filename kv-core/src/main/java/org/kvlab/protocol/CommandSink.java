package org.kvlab.protocol;

/** Receives the commands a {@link RespParser} completes, in the order they arrived, on the parsing thread. */
@FunctionalInterface
public interface CommandSink {

    /**
     * Receives one complete command.
     *
     * @param args the arguments in {@code args[0..argc)}, {@code args[0]} being the command name as sent; the
     *             array itself is reused by the parser after this method returns. Each {@code byte[]} element may
     *             be kept and is never written by the parser, unless the parser
     *             {@linkplain RespParser#reuseArguments() reuses arguments}: then the sink sets to {@code null} each
     *             element it keeps, and those left in place may be overwritten by later commands. Every argument
     *             but the name is freshly allocated or, with reuse, an array left in place before; {@code args[0]}
     *             may be the very array of a previous command's name when the bytes are the same (no allocation for
     *             a run of the same command), so it must be treated as read-only
     * @param argc the number of arguments, at least 1
     * @return {@code true} to go on parsing, {@code false} to make {@link RespParser#parse} return right after
     *         this command
     */
    boolean onCommand(byte[][] args, int argc);
}
