package dev.sponge.points;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import dev.sponge.series.SeriesDataDeletion;

/** Offers the points store's {@link PointDeletion} to series deletes. */
@Configuration(proxyBeanMethods = false)
class PointsConfiguration {

	@Bean
	@Order(1)
	SeriesDataDeletion seriesDataDeletion(PointRepository points) {
		return points::deleteSeries;
	}

}
