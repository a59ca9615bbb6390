package org.mviot.edge.console.web.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;

class RequestBodyTest {

    /** A request with a body and a declared length (-1: none, as with chunked transfer); counts the bytes read. */
    private static HttpServletRequest request(byte[] body, long declared, AtomicLong read) {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        ServletInputStream s = new ServletInputStream() {
            @Override
            public int read() {
                int b = in.read();
                if (b >= 0) {
                    read.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = in.read(b, off, len);
                if (n > 0) {
                    read.addAndGet(n);
                }
                return n;
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener l) {
                throw new UnsupportedOperationException();
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(RequestBodyTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getContentLengthLong" -> declared;
                    case "getInputStream" -> s;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aBodyDeclaredLargerThanTheLimitIsRefusedWith413Unread() {
        AtomicLong read = new AtomicLong();
        assertThatThrownBy(() -> RequestBody.bytes(request(new byte[100_000], 100_000, read), 65_536)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(413)).hasMessageContaining("100000 bytes")
                .hasMessageContaining("65536");
        assertThat(read).hasValue(0);
    }

    @Test
    void anUndeclaredBodyIsReadOnlyOneByteBeyondTheLimitThenRefusedWith413() {
        AtomicLong read = new AtomicLong();
        assertThatThrownBy(() -> RequestBody.bytes(request(new byte[1_000_000], -1, read), 1024)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(413));
        assertThat(read.get()).isEqualTo(1025);
    }

    @Test
    void aRefusedBodyUpToTheDiscardBoundIsReadToItsEndAndALargerOneIsLeftUnread() {
        AtomicLong read = new AtomicLong();
        HttpServletRequest refused = request(new byte[100_000], 100_000, read);
        assertThatThrownBy(() -> RequestBody.bytes(refused, 65_536)).isInstanceOf(ApiException.class);
        assertThat(RequestBody.discard(refused)).isEqualTo(100_000);
        assertThat(read).hasValue(100_000);

        AtomicLong partly = new AtomicLong();
        HttpServletRequest undeclared = request(new byte[100_000], -1, partly);
        assertThatThrownBy(() -> RequestBody.bytes(undeclared, 1024)).isInstanceOf(ApiException.class);
        assertThat(RequestBody.discard(undeclared)).isEqualTo(100_000 - 1025);
        assertThat(partly).hasValue(100_000);

        AtomicLong none = new AtomicLong();
        assertThat(RequestBody.discard(request(new byte[10], RequestBody.DISCARD_MAX + 1, none))).isZero();
        assertThat(none).hasValue(0);

        AtomicLong bounded = new AtomicLong();
        assertThat(RequestBody.discard(request(new byte[(int) RequestBody.DISCARD_MAX + 5000], -1, bounded))).isEqualTo(RequestBody.DISCARD_MAX);
    }

    @Test
    void aBodyWithinTheLimitIsReturnedWhole() throws IOException {
        byte[] body = "{\"password\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(RequestBody.bytes(request(body, body.length, new AtomicLong()), body.length)).isEqualTo(body);
        assertThat(RequestBody.object(request(body, -1, new AtomicLong()), 100).get("password").getAsString()).isEqualTo("x");
    }

    @Test
    void malformedJsonIsRefusedWith400NamingWhereAndWithoutParserAdvice() {
        for (String bad : new String[] {"{bad", "{\"a\":1} trailing", "{'a':1}", "", "[1,2]", "{\"a\":1,}"}) {
            byte[] b = bad.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> RequestBody.object(request(b, b.length, new AtomicLong()), 100)).as(bad).isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400)).hasMessageStartingWith("malformed JSON")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("setStrictness").doesNotContain("\n"));
        }
    }

    @Test
    void aBodyThatIsNotUtf8IsRefusedWith400() {
        byte[] b = {'{', '"', (byte) 0xff, '"', '}'};
        assertThatThrownBy(() -> RequestBody.text(request(b, b.length, new AtomicLong()), 100)).isInstanceOf(ApiException.class)
                .hasMessageContaining("not UTF-8");
    }
}
