package org.kvlab.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

final class KvServerExceptionTest {

    @Test
    void code_isTheLeadingUpperCaseWord() {
        assertEquals("NOAUTH", new KvServerException("NOAUTH Authentication required.").code());
        assertEquals("WRONGPASS", new KvServerException(
                "WRONGPASS invalid username-password pair or user is disabled.").code());
        assertEquals("OOM", new KvServerException("OOM command not allowed when used memory > 'maxmemory'.").code());
    }

    @Test
    void code_ofMessageWithoutCode_isErr() {
        assertEquals("ERR", new KvServerException("no code here").code());
        assertEquals("ERR", new KvServerException("").code());
        assertEquals("ERR", new KvServerException("Abc def").code());
    }

    @Test
    void code_ofSingleWordMessage_isThatWord() {
        assertEquals("BUSY", new KvServerException("BUSY").code());
    }

    @Test
    void copyForCaller_keepsMessageCodeAndCause() {
        KvServerException reply = new KvServerException("MISCONF disk failing");
        KvServerException copy = new KvServerException(reply);
        assertEquals("MISCONF", copy.code());
        assertEquals("MISCONF disk failing", copy.getMessage());
        assertSame(reply, copy.getCause());
    }
}
