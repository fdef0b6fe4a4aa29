package dev.sponge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Sponge: a reactive telemetry API that keeps time-series points in Apache Cassandra.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SpongeApplication {

	public static void main(String[] args) {
		SpringApplication.run(SpongeApplication.class, args);
	}

}
