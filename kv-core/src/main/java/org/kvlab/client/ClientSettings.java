package org.kvlab.client;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What every connection of a client is opened with.
 *
 * @param address the server
 * @param timeout how long a call waits for its reply
 * @param user the ACL user to authenticate as, or {@code null} for the default user
 * @param password the password, or {@code null} for none
 * @param database the database selected on connect, 0-15 on kvlab
 * @param protocol 2 or 3 (RESP3, negotiated with {@code HELLO 3})
 */
record ClientSettings(InetSocketAddress address, Duration timeout, String user, String password, int database,
        int protocol) {

    /** Returns the server as {@code host:port}, for messages. */
    String peer() {
        return address.getHostString() + ":" + address.getPort();
    }
}
