package dev.sponge.security;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.InMemoryWebSessionStore;
import org.springframework.web.server.session.WebSessionManager;

import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API is stateless: a request, authenticated or refused, creates no web session.
 * Creating one cost every request two thread hops (Spring's in-memory session store makes
 * its id on a bounded-elastic thread and hands the request on to a parallel one) and a
 * random id; Spring Security's default request cache asked for one on every request.
 */
@IntegrationTest
@Import(StatelessRequestsIntegrationTest.CountedSessions.class)
class StatelessRequestsIntegrationTest {

	private final Api api;

	private final String tenant = Tokens.uniqueTenant();

	@Autowired
	private AtomicInteger sessionsCreated;

	StatelessRequestsIntegrationTest(@Autowired WebTestClient client) {
		this.api = new Api(client);
	}

	@Test
	void noRequestCreatesAWebSession() {
		String token = Tokens.writerReader(this.tenant);
		int before = this.sessionsCreated.get();

		this.api.ingested(token,
				List.of(Api.series("room.temperature", Map.of("site", "lab"), List.of(List.of(1764028800000L, 21.5)))));
		this.api.get(token, "/api/v1/latest", (query) -> query.queryParam("metric", "room.temperature"))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.series.length()")
			.isEqualTo(1);
		this.api.get(null, "/api/v1/metrics", (query) -> {
		}).expectStatus().isUnauthorized().expectBody().jsonPath("$.status").isEqualTo(401);

		assertThat(this.sessionsCreated.get() - before).as("web sessions created by three API requests").isZero();
	}

	/**
	 * The application's session manager, with a store that counts the sessions it makes.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class CountedSessions {

		@Bean
		AtomicInteger sessionsCreated() {
			return new AtomicInteger();
		}

		@Bean(WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME)
		WebSessionManager webSessionManager(AtomicInteger sessionsCreated) {
			DefaultWebSessionManager manager = new DefaultWebSessionManager();
			manager.setSessionStore(new InMemoryWebSessionStore() {
				@Override
				public Mono<WebSession> createWebSession() {
					sessionsCreated.incrementAndGet();
					return super.createWebSession();
				}
			});
			return manager;
		}

	}

}
