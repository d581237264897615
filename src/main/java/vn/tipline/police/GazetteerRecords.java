package vn.tipline.police;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The gazetteer as stored in MongoDB: one document per province and per commune (with its old names). */
final class GazetteerRecords {

    static final String PROVINCES = "gazetteer_provinces";
    static final String COMMUNES = "gazetteer_communes";
    static final String META = "gazetteer_meta";

    private GazetteerRecords() {
    }

    /** A province or centrally-run city in force since 1 July 2025. */
    @Document(PROVINCES)
    record Province(@Id int code, String name, String divisionType, String codename, Integer phoneCode) {
    }

    /**
     * A commune-level unit (phường, xã, đặc khu) in force since 1 July 2025, with the old
     * communes (or parts of them) that went into it. Old names are kept inside their new
     * commune: 3,321 documents load much faster into the embedded store than 13,900.
     *
     * @param policeUnit the police unit that covers it: its own commune police, or the
     *                   provincial police for a special zone without one
     */
    @Document(COMMUNES)
    record Commune(@Id int code, String name, String divisionType, String codename, int provinceCode,
                   String policeUnit, List<Former> formerly) {

        Commune {
            formerly = formerly == null ? List.of() : List.copyOf(formerly);
        }

        boolean hasCommunePolice() {
            return policeUnit.equals(PoliceCodes.commune(code));
        }
    }

    /** One row of the conversion table: an old commune (or part of it), its old district and province. */
    record Former(String name, Integer code, String district, Integer districtCode, String province,
                  Integer provinceCode, String note) {
    }

    record All(List<Province> provinces, List<Commune> communes) {

        int formerCount() {
            return communes.stream().mapToInt(c -> c.formerly().size()).sum();
        }
    }

    /** The documents for one version of the files; {@code withoutCommunePolice} lists special zones covered by provincial police. */
    static All from(GazetteerFiles.Contents contents, Set<Integer> withoutCommunePolice) {
        Map<Integer, List<Former>> formerly = new HashMap<>();
        for (GazetteerFiles.ConversionRow row : contents.conversions()) {
            if (row.oldName().isBlank() && row.oldDistrict().isBlank()) {
                continue;
            }
            formerly.computeIfAbsent(row.newCommuneCode(), k -> new ArrayList<>()).add(new Former(row.oldName(),
                    row.oldCode(), row.oldDistrict(), row.oldDistrictCode(), row.oldProvince(), row.oldProvinceCode(),
                    row.note()));
        }
        List<Province> provinces = new ArrayList<>();
        List<Commune> communes = new ArrayList<>();
        for (GazetteerFiles.ProvinceData p : contents.provinces()) {
            provinces.add(new Province(p.code(), p.name(), p.divisionType(), p.codename(), p.phoneCode()));
            for (GazetteerFiles.CommuneData c : p.communes()) {
                String unit = withoutCommunePolice.contains(c.code()) ? PoliceCodes.province(p.code())
                        : PoliceCodes.commune(c.code());
                communes.add(new Commune(c.code(), c.name(), c.divisionType(), c.codename(), p.code(), unit,
                        formerly.getOrDefault(c.code(), List.of())));
            }
        }
        return new All(List.copyOf(provinces), List.copyOf(communes));
    }
}
