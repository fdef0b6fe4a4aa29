package dev.sponge.edge;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import dev.sponge.support.IntegrationTest;

/**
 * The full Sponge (see {@link IntegrationTest}) for tests through the real lighttpd: it
 * records what it sees of each client ({@link ClientAddressRecorder}) and trusts
 * forwarding headers from 127.0.0.1 only, the address lighttpd connects from, so a test
 * client on 127.0.0.2 is an untrusted peer. All edge test classes share this one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@IntegrationTest
@Import(ClientAddressRecorder.class)
@TestPropertySource(properties = "sponge.edge.trusted-proxies=127.0.0.1/32")
@interface EdgeTest {

}
