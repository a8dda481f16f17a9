package org.kvlab.command;

/**
 * A command failed with an error reply; the message is the reply after the {@code -}, code first
 * ({@code "ERR syntax error"}). Carries no stack trace, so the shared constants cost nothing to throw.
 */
final class CommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    static final CommandException SYNTAX = new CommandException("ERR syntax error");
    static final CommandException NOT_INTEGER = new CommandException("ERR value is not an integer or out of range");
    static final CommandException NOT_FLOAT = new CommandException("ERR value is not a valid float");
    static final CommandException OVERFLOW = new CommandException("ERR increment or decrement would overflow");
    static final CommandException DB_RANGE = new CommandException("ERR DB index is out of range");
    static final CommandException NO_SUCH_KEY = new CommandException("ERR no such key");
    static final CommandException TOO_LONG =
            new CommandException("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
    static final CommandException WRONGTYPE =
            new CommandException("WRONGTYPE Operation against a key holding the wrong kind of value");
    static final CommandException NOAUTH = new CommandException("NOAUTH Authentication required.");
    static final CommandException WRONGPASS =
            new CommandException("WRONGPASS invalid username-password pair or user is disabled.");

    CommandException(String message) {
        super(message, null, false, false);
    }

    static CommandException invalidExpire(String command) {
        return new CommandException("ERR invalid expire time in '" + command + "' command");
    }
}
