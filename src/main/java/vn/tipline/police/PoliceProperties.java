package vn.tipline.police;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * Settings of the police feature (docs/ward-police.md).
 *
 * @param gazetteerDir                a directory holding newer copies of the gazetteer files; blank: the packaged ones
 * @param zonesWithoutCommunePolice   commune codes of special zones without commune police (their provincial police covers them)
 * @param pageSize                    buttons per page when picking a province or a commune
 * @param nearbyKm                    a shared location lists units whose office is at most this far
 * @param nearbyCount                 at most this many of them
 * @param routeCommuneKm              a tip with a shared location goes to the nearest commune police within this distance
 * @param routeProvinceKm             ... else to that unit's provincial police within this distance, else to the national queue
 */
@ConfigurationProperties(prefix = "tipline.police")
public record PoliceProperties(String gazetteerDir, List<Integer> zonesWithoutCommunePolice, int pageSize,
                               double nearbyKm, int nearbyCount, double routeCommuneKm, double routeProvinceKm) {

    public PoliceProperties {
        if (zonesWithoutCommunePolice == null) {
            zonesWithoutCommunePolice = List.of(20333, 22736);
        }
        zonesWithoutCommunePolice = List.copyOf(zonesWithoutCommunePolice);
        if (pageSize < 2 || pageSize > 30) {
            pageSize = 8;
        }
        if (nearbyKm <= 0) {
            nearbyKm = 10;
        }
        if (nearbyCount <= 0) {
            nearbyCount = 5;
        }
        if (routeCommuneKm <= 0) {
            routeCommuneKm = 3;
        }
        if (routeProvinceKm <= 0) {
            routeProvinceKm = 30;
        }
    }
}
