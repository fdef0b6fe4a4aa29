package dev.sponge.series;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.ContextConfiguration;

import dev.sponge.support.RealInfrastructure;

/**
 * A full Sponge on the real Cassandra node and issuer with small catalogue caps: a
 * catalogue refresh of two seconds, a series cap of three (eight candidates) and a scan
 * cap of twelve catalogue rows. The tests of the catalogue's caps share this one
 * application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sponge.series.catalogue-refresh=2s", "sponge.query.max-series=3",
				"sponge.query.max-candidate-series=8", "sponge.series.max-scan-rows=12" })
@AutoConfigureWebTestClient(timeout = "30s")
@ContextConfiguration(initializers = RealInfrastructure.class)
@interface SmallCatalogueCaps {

}
