/**
 * The Redis commands kvlab serves: a command table looked up by the bytes of the command name, a per-connection
 * {@link org.kvlab.command.Session}, and {@link org.kvlab.command.CommandExecutor}, which runs one parsed command
 * against a {@link org.kvlab.api.KeyValueStore} and writes its reply with Redis 7's texts. What a command needs
 * from the running server (settings, connected clients, I/O counters) comes through
 * {@link org.kvlab.command.ServerContext}.
 */
package org.kvlab.command;
