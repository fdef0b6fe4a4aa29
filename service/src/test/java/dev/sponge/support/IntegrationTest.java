package dev.sponge.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.ContextConfiguration;

/**
 * A full Sponge on a random port, wired to the real Cassandra node and the real OIDC
 * issuer of this test JVM, with BlockHound watching every non-blocking thread. All
 * integration tests share one application context; each test isolates itself with its own
 * tenant.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
// Production's log format (JSON, ECS), so the tests exercise what a deployment writes.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@ContextConfiguration(initializers = RealInfrastructure.class)
public @interface IntegrationTest {

}
