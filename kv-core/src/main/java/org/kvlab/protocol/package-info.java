/**
 * The Redis wire protocol: {@link org.kvlab.protocol.RespParser}, an incremental request parser (RESP multibulk
 * and inline commands) bounded by {@link org.kvlab.protocol.ProtocolLimits}, which reports violations as
 * {@link org.kvlab.protocol.ProtocolException} with Redis's error texts, and the reply writer.
 */
package org.kvlab.protocol;
