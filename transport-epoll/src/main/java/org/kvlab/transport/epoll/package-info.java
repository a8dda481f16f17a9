/**
 * The Netty native epoll transport (Linux): {@link org.kvlab.transport.epoll.EpollTransportProvider}, selected as
 * {@code epoll}.
 */
package org.kvlab.transport.epoll;
