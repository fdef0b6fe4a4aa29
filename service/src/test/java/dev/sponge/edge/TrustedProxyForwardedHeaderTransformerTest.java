package dev.sponge.edge;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.annotation.UserConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;

import static org.assertj.core.api.Assertions.assertThat;

class TrustedProxyForwardedHeaderTransformerTest {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(UserConfigurations.of(Properties.class, EdgeConfiguration.class));

	@Test
	void byDefaultAnEdgeOnLoopbackIsTrustedOverIpv4AndIpv6() {
		this.contexts.run((context) -> {
			ForwardedHeaderTransformer transformer = context.getBean(ForwardedHeaderTransformer.class);
			for (String edge : new String[] { "127.0.0.1", "::1" }) {
				ServerHttpRequest seen = transformer.apply(request(edge).header("X-Forwarded-For", "203.0.113.9")
					.header("X-Forwarded-Proto", "https")
					.build());
				assertThat(seen.getRemoteAddress().getHostString()).isEqualTo("203.0.113.9");
				assertThat(seen.getURI().getScheme()).isEqualTo("https");
			}
		});
	}

	@Test
	void rfc7239ForwardedFromATrustedProxySetsTheClientAddressSchemeAndHost() {
		ServerHttpRequest seen = new TrustedProxyForwardedHeaderTransformer(List.of("10.1.0.0/16"))
			.apply(request("10.1.2.3").header("Forwarded", "for=\"[2001:db8::7]\";proto=https;host=telemetry.example")
				.build());
		assertThat(seen.getRemoteAddress().getHostString()).contains("2001:db8::7");
		assertThat(seen.getURI().getScheme()).isEqualTo("https");
		assertThat(seen.getURI().getHost()).isEqualTo("telemetry.example");
		assertThat(seen.getHeaders().containsHeader("Forwarded")).isFalse();
	}

	@Test
	void forwardingHeadersFromAnUntrustedPeerAreIgnoredAndRemoved() {
		this.contexts.withPropertyValues("sponge.edge.trusted-proxies=10.1.0.0/16").run((context) -> {
			ServerHttpRequest seen = context.getBean(ForwardedHeaderTransformer.class)
				.apply(request("127.0.0.1").header("X-Forwarded-For", "203.0.113.9")
					.header("X-Forwarded-Proto", "https")
					.header("Forwarded", "for=203.0.113.9;proto=https")
					.build());
			assertThat(seen.getRemoteAddress().getHostString()).isEqualTo("127.0.0.1");
			assertThat(seen.getURI().getScheme()).isEqualTo("http");
			assertThat(seen.getHeaders().headerNames()).doesNotContain("X-Forwarded-For", "X-Forwarded-Proto",
					"Forwarded");
		});
	}

	@Test
	void aTrustedProxyThatIsNotAnAddressStopsTheStart() {
		this.contexts.withPropertyValues("sponge.edge.trusted-proxies=edge.internal").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("edge.internal");
		});
	}

	private static MockServerHttpRequest.BaseBuilder<?> request(String peer) {
		return MockServerHttpRequest.get("http://service:8080/api/v1/metrics")
			.remoteAddress(new InetSocketAddress(peer, 41000));
	}

	@EnableConfigurationProperties(EdgeProperties.class)
	static class Properties {

	}

}
