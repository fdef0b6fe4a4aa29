package dev.sponge.edge;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

/**
 * Registers the trusted-proxy forwarding header handling. WebFlux applies the bean named
 * {@value WebHttpHandlerBuilder#FORWARDED_HEADER_TRANSFORMER_BEAN_NAME} to every request
 * before any filter, security included; {@code server.forward-headers-strategy} stays
 * {@code none} so that neither Reactor Netty nor Boot's own transformer trusts every peer
 * instead.
 */
@Configuration(proxyBeanMethods = false)
class EdgeConfiguration {

	@Bean(WebHttpHandlerBuilder.FORWARDED_HEADER_TRANSFORMER_BEAN_NAME)
	ForwardedHeaderTransformer forwardedHeaderTransformer(EdgeProperties properties) {
		return new TrustedProxyForwardedHeaderTransformer(properties.trustedProxies());
	}

}
