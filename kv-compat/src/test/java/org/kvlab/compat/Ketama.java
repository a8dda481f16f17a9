package org.kvlab.compat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Where twemproxy 0.5.0 sends a key in a pool of equally weighted servers ({@code distribution: ketama}, {@code hash:
 * fnv1a_64}, a hash tag): its {@code nc_ketama.c} continuum of 160 points per server, each four taken from the MD5 of
 * {@code NAME-i}, and its {@code hash_fnv1a_64}, which keeps 32 bits and reads the key as C's signed {@code char}s.
 * Written from twemproxy's sources so that a test can tell on which node a key must be. Immutable.
 */
final class Ketama {

    private static final int POINTS_PER_SERVER = 160;
    private static final int POINTS_PER_HASH = 4;

    /** Continuum points, sorted: the unsigned 32-bit point shifted left by 8 bits, the server index in those 8. */
    private final long[] continuum;
    private final byte[] hashTag;

    /**
     * @param servers how many servers, named {@link #serverName} 0 to {@code servers - 1}; at most 256
     * @param hashTag the two characters of the pool's {@code hash_tag}, or {@code ""} for none
     */
    Ketama(int servers, String hashTag) {
        if (servers < 1 || servers > 256) {
            throw new IllegalArgumentException("servers: " + servers + " (expected: 1 to 256)");
        }
        this.hashTag = hashTag.getBytes(StandardCharsets.US_ASCII);
        // nc_ketama.c computes the share in float: floorf(pct * 160 / 4 * live + 1e-10) * 4
        float share = 1f / servers;
        int pointsPerServer = (int) Math.floor((float) (share * POINTS_PER_SERVER / 4 * (float) servers + 1e-10)) * 4;
        continuum = new long[pointsPerServer * servers];
        int n = 0;
        for (int server = 0; server < servers; server++) {
            for (int i = 0; i < pointsPerServer / POINTS_PER_HASH; i++) {
                byte[] digest = md5((serverName(server) + "-" + i).getBytes(StandardCharsets.US_ASCII));
                for (int x = 0; x < POINTS_PER_HASH; x++) {
                    long point = (digest[3 + x * 4] & 0xFFL) << 24 | (digest[2 + x * 4] & 0xFFL) << 16
                            | (digest[1 + x * 4] & 0xFFL) << 8 | (digest[x * 4] & 0xFFL);
                    continuum[n++] = point << 8 | server;
                }
            }
        }
        Arrays.sort(continuum);
    }

    /** Returns the name the pool gives server {@code index}: {@code shard0}, {@code shard1}, … */
    static String serverName(int index) {
        return "shard" + index;
    }

    /** Returns the index of the server the pool sends {@code key} to. */
    int serverOf(byte[] key) {
        byte[] hashed = hashed(key);
        long hash = hashed.length == 0 ? 0 : fnv1a64(hashed) & 0xFFFFFFFFL; // nc_server.c hashes "" to 0
        int low = 0;
        int high = continuum.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if ((continuum[middle] >>> 8) < hash) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return (int) (continuum[high == continuum.length ? 0 : high] & 0xFF);
    }

    /** Returns the part of {@code key} twemproxy hashes: what lies between the hash tag's characters, if not empty. */
    private byte[] hashed(byte[] key) {
        if (hashTag.length != 2) {
            return key;
        }
        int start = indexOf(key, hashTag[0], 0);
        if (start < 0) {
            return key;
        }
        int end = indexOf(key, hashTag[1], start + 1);
        return end < 0 || end - start <= 1 ? key : Arrays.copyOfRange(key, start + 1, end);
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** twemproxy's {@code hash_fnv1a_64}: 64-bit FNV-1a's offset basis and prime, truncated to 32 bits. */
    private static int fnv1a64(byte[] key) {
        int hash = (int) 0xcbf29ce484222325L;
        int prime = (int) 0x100000001b3L;
        for (byte b : key) {
            hash ^= b; // a signed char widened: bytes from 0x80 carry ones into the high bits, as in C on x86
            hash *= prime;
        }
        return hash;
    }

    private static byte[] md5(byte[] input) {
        try {
            return MessageDigest.getInstance("MD5").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
