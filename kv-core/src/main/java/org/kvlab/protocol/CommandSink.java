package org.kvlab.protocol;

/** Receives the commands a {@link RespParser} completes, in the order they arrived, on the parsing thread. */
@FunctionalInterface
public interface CommandSink {

    /**
     * Receives one complete command.
     *
     * @param args the arguments in {@code args[0..argc)}, {@code args[0]} being the command name as sent; the
     *             array itself is reused by the parser after this method returns, but each {@code byte[]} element
     *             is freshly allocated and may be kept
     * @param argc the number of arguments, at least 1
     * @return {@code true} to go on parsing, {@code false} to make {@link RespParser#parse} return right after
     *         this command
     */
    boolean onCommand(byte[][] args, int argc);
}
