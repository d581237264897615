package vn.tipline.police;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.tipline.conversation.Folding;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Search quality on real names, against the packaged reference files (the same documents the
 * service stores and indexes at startup), and the counts against the official totals.
 */
class GazetteerSearchTest {

    static GazetteerFiles.Contents files;
    static GazetteerRecords.All records;
    static GazetteerIndex index;

    @BeforeAll
    static void build() {
        files = GazetteerFiles.read(null);
        records = GazetteerRecords.from(files, Set.of(20333, 22736));
        index = new GazetteerIndex(records.provinces(), records.communes());
    }

    private static PlaceSearch search(String query) {
        return index.search(query);
    }

    private static String found(String query) {
        PlaceSearch result = search(query);
        assertThat(result.outcome()).as("outcome for '%s' (%s)", query, result.candidates()).isEqualTo(PlaceSearch.Outcome.FOUND);
        return result.found().commune().name() + ", " + result.found().province().name();
    }

    private static List<String> names(List<PlaceSearch.Candidate> candidates) {
        return candidates.stream().map(c -> c.commune().name() + ", " + c.province().name()).toList();
    }

    // ---------------------------------------------------------------- the data

    @Test
    void countsMatchTheOfficialTotals() {
        assertThat(index.provinceCount()).isEqualTo(34);
        assertThat(index.communeCount()).isEqualTo(3321);
        assertThat(index.communePoliceCount()).isEqualTo(3319);
        Map<String, Long> byType = index.allCommunes().stream()
                .collect(Collectors.groupingBy(GazetteerIndex.CommuneInfo::type, Collectors.counting()));
        assertThat(byType).containsEntry("xa", 2621L).containsEntry("phuong", 687L).containsEntry("dac khu", 13L);
        // Police: 2,621 xã + 687 phường + 11 đặc khu.
        assertThat(index.allCommunes().stream().filter(c -> c.type().equals("dac khu") && c.hasCommunePolice()).count())
                .isEqualTo(11);
        assertThat(index.commune(20333).orElseThrow().unit()).isEqualTo("CAT-48");
        assertThat(index.commune(22736).orElseThrow().unit()).isEqualTo("CAT-56");
        assertThat(index.commune(26732).orElseThrow().unit()).isEqualTo("CAX-26732");
    }

    @Test
    void conversionTableIsReadAsRealCsv() {
        // Two header rows and 34 province banners are not data; quoted names hold line breaks.
        assertThat(files.conversions()).hasSize(10_571);
        assertThat(files.conversions()).noneMatch(r -> r.newCommuneName().contains("\n") || r.oldName().contains("\n"));
        GazetteerFiles.ConversionRow benNghe = files.conversions().stream()
                .filter(r -> r.oldName().equals("Phường Bến Nghé")).findFirst().orElseThrow();
        assertThat(benNghe.newCommuneName()).isEqualTo("Phường Sài Gòn");
        assertThat(benNghe.newCommuneCode()).isEqualTo(26740);
        assertThat(benNghe.oldDistrict()).isEqualTo("Quận 1");
        assertThat(benNghe.oldDistrictCode()).isEqualTo(760);
        assertThat(benNghe.newProvinceCode()).isEqualTo(79);
        // Every row points at a commune in force, of the province it names; names agree once folded.
        Map<Integer, GazetteerRecords.Commune> communes = records.communes().stream()
                .collect(Collectors.toMap(GazetteerRecords.Commune::code, c -> c));
        assertThat(files.conversions()).allSatisfy(r -> {
            assertThat(communes).containsKey(r.newCommuneCode());
            assertThat(communes.get(r.newCommuneCode()).provinceCode()).isEqualTo(r.newProvinceCode());
        });
        long differentNames = files.conversions().stream().filter(r -> !Folding.foldWords(r.newCommuneName())
                .equals(Folding.foldWords(communes.get(r.newCommuneCode()).name()))).count();
        assertThat(differentNames).isZero();
        assertThat(index.oldCommuneCount()).isGreaterThan(10_500);
    }

    // ---------------------------------------------------------------- names in force

    @Test
    void matchesWithOrWithoutDiacriticsAndCase() {
        assertThat(found("ben thanh")).isEqualTo("Phường Bến Thành, Thành phố Hồ Chí Minh");
        assertThat(found("BẾN THÀNH")).isEqualTo("Phường Bến Thành, Thành phố Hồ Chí Minh");
        assertThat(found("Phường Bến Thành")).isEqualTo("Phường Bến Thành, Thành phố Hồ Chí Minh");
        assertThat(found("hoan kiem")).isEqualTo("Phường Hoàn Kiếm, Thành phố Hà Nội");
        assertThat(found("Đặc khu Phú Quốc")).isEqualTo("Đặc khu Phú Quốc, Tỉnh An Giang");
        // Decomposed Unicode (as some keyboards send it) is the same text.
        assertThat(found(java.text.Normalizer.normalize("Phường Hoàn Kiếm", java.text.Normalizer.Form.NFD)))
                .isEqualTo("Phường Hoàn Kiếm, Thành phố Hà Nội");
    }

    @Test
    void abbreviationsAndMissingPrefixesAreUnderstood() {
        assertThat(found("p. ben thanh")).isEqualTo("Phường Bến Thành, Thành phố Hồ Chí Minh");
        assertThat(found("P.Bến Thành, Q1, TP.HCM")).isEqualTo("Phường Bến Thành, Thành phố Hồ Chí Minh");
        assertThat(found("CA phường Hoàn Kiếm")).isEqualTo("Phường Hoàn Kiếm, Thành phố Hà Nội");
        assertThat(found("xa an phu, an giang")).isEqualTo("Xã An Phú, Tỉnh An Giang");
        assertThat(found("an phu an giang")).isEqualTo("Xã An Phú, Tỉnh An Giang");
        assertThat(found("Xã Tân Tiến, Hưng Yên")).isEqualTo("Xã Tân Tiến, Tỉnh Hưng Yên");
    }

    @Test
    void anAddressWithStreetAndProvinceFindsItsWard() {
        assertThat(found("123 Lê Lợi, Phường Bến Thành, Quận 1, TP HCM")).isEqualTo("Phường Bến Thành, Thành phố Hồ Chí Minh");
        assertThat(found("Phường Sài Gòn, TP Hồ Chí Minh")).isEqualTo("Phường Sài Gòn, Thành phố Hồ Chí Minh");
    }

    // ---------------------------------------------------------------- old names

    @Test
    void oldNamesResolveToTheUnitThatNowCoversThem() {
        PlaceSearch benNghe = search("Phường Bến Nghé, Quận 1");
        assertThat(benNghe.outcome()).isEqualTo(PlaceSearch.Outcome.FOUND);
        assertThat(benNghe.found().commune().name()).isEqualTo("Phường Sài Gòn");
        assertThat(benNghe.found().commune().unit()).isEqualTo("CAX-26740");
        assertThat(benNghe.via().kind()).isEqualTo(GazetteerIndex.Kind.OLD_COMMUNE);
        assertThat(benNghe.via().name()).isEqualTo("Phường Bến Nghé");
        assertThat(found("ben nghe")).isEqualTo("Phường Sài Gòn, Thành phố Hồ Chí Minh");
        assertThat(found("phuong 1 quan 3")).isEqualTo("Phường Bàn Cờ, Thành phố Hồ Chí Minh");
        assertThat(found("p12 q10")).isEqualTo("Phường Hòa Hưng, Thành phố Hồ Chí Minh");
        assertThat(found("Thị trấn Củ Chi")).isEqualTo("Xã Tân An Hội, Thành phố Hồ Chí Minh");
        assertThat(found("Phường Phú Cường, Thủ Dầu Một, Bình Dương")).isEqualTo("Phường Thủ Dầu Một, Thành phố Hồ Chí Minh");
    }

    @Test
    void anOldCommuneSplitInPartsOffersEachPart() {
        PlaceSearch daKao = search("Phường Đa Kao");
        assertThat(daKao.outcome()).isEqualTo(PlaceSearch.Outcome.CHOOSE);
        assertThat(names(daKao.candidates())).containsExactlyInAnyOrder("Phường Sài Gòn, Thành phố Hồ Chí Minh",
                "Phường Tân Định, Thành phố Hồ Chí Minh");
        assertThat(daKao.via().name()).isEqualTo("Phường Đa Kao");
    }

    @Test
    void anOldDistrictOffersTheWardsMadeFromIt() {
        PlaceSearch q1 = search("q1");
        assertThat(q1.outcome()).isEqualTo(PlaceSearch.Outcome.CHOOSE);
        assertThat(q1.via().kind()).isEqualTo(GazetteerIndex.Kind.OLD_DISTRICT);
        assertThat(names(q1.candidates())).containsExactlyInAnyOrder("Phường Sài Gòn, Thành phố Hồ Chí Minh",
                "Phường Tân Định, Thành phố Hồ Chí Minh", "Phường Bến Thành, Thành phố Hồ Chí Minh",
                "Phường Cầu Ông Lãnh, Thành phố Hồ Chí Minh");
        assertThat(search("huyen cu chi").via().name()).isEqualTo("Huyện Củ Chi");
        // "Củ Chi" alone is the commune in force of that name.
        assertThat(found("cu chi")).isEqualTo("Xã Củ Chi, Thành phố Hồ Chí Minh");
    }

    @Test
    void provincesAndOldProvincesAreRecognised() {
        PlaceSearch daNang = search("Đà Nẵng");
        assertThat(daNang.outcome()).isEqualTo(PlaceSearch.Outcome.PROVINCE);
        assertThat(daNang.province().unit()).isEqualTo("CAT-48");
        // Tiền Giang was split between Đồng Tháp and Tây Ninh.
        PlaceSearch tienGiang = search("Tiền Giang");
        assertThat(tienGiang.outcome()).isEqualTo(PlaceSearch.Outcome.PROVINCES);
        assertThat(tienGiang.provinces()).extracting(p -> p.province().name())
                .containsExactlyInAnyOrder("Tỉnh Đồng Tháp", "Tỉnh Tây Ninh");
        PlaceSearch inDongThap = search("Tiền Giang, Đồng Tháp");
        assertThat(inDongThap.outcome()).isEqualTo(PlaceSearch.Outcome.CHOOSE);
        assertThat(inDongThap.candidates()).allMatch(c -> c.province().name().equals("Tỉnh Đồng Tháp"));
    }

    // ---------------------------------------------------------------- ambiguity

    @Test
    void aNameInSeveralProvincesAsksForTheProvince() {
        PlaceSearch anPhu = search("Xã An Phú");
        assertThat(anPhu.outcome()).isEqualTo(PlaceSearch.Outcome.PROVINCES);
        assertThat(anPhu.provinces()).extracting(p -> p.province().name())
                .contains("Tỉnh An Giang", "Thành phố Hải Phòng", "Tỉnh Quảng Ngãi",
                        // old communes of that name, now elsewhere
                        "Thành phố Hà Nội", "Tỉnh Lào Cai");
        assertThat(found(index, "Xã An Phú", 91)).isEqualTo("Xã An Phú, Tỉnh An Giang");
        // In Hà Nội, the old Xã An Phú (Mỹ Đức district) is now Xã Mỹ Đức.
        PlaceSearch hanoi = index.search("Xã An Phú", 1);
        assertThat(hanoi.outcome()).isEqualTo(PlaceSearch.Outcome.FOUND);
        assertThat(hanoi.found().commune().name()).isEqualTo("Xã Mỹ Đức");
        assertThat(hanoi.via().kind()).isEqualTo(GazetteerIndex.Kind.OLD_COMMUNE);
    }

    private static String found(GazetteerIndex index, String query, int province) {
        PlaceSearch result = index.search(query, province);
        assertThat(result.outcome()).isEqualTo(PlaceSearch.Outcome.FOUND);
        return result.found().commune().name() + ", " + result.found().province().name();
    }

    @Test
    void numberedWardsAskForTheProvinceThenTheDistrict() {
        PlaceSearch one = search("Phường 1");
        assertThat(one.outcome()).isEqualTo(PlaceSearch.Outcome.PROVINCES);
        assertThat(one.provinces()).extracting(p -> p.province().name()).contains("Thành phố Hồ Chí Minh", "Tỉnh Đồng Tháp");
        PlaceSearch hcm = index.search("Phường 1", 79);
        assertThat(hcm.outcome()).isEqualTo(PlaceSearch.Outcome.CHOOSE);
        assertThat(hcm.candidates()).hasSizeGreaterThan(5)
                .allMatch(c -> c.via().name().equals("Phường 1") && c.via().detail() != null);
        // "Quận 1" is a district, not "Phường 1".
        assertThat(search("quận 1").candidates()).noneMatch(c -> c.via().name().equals("Phường 1"));
    }

    // ---------------------------------------------------------------- typos and prefixes

    @Test
    void smallTyposAndUnfinishedNamesStillFind() {
        PlaceSearch typo = search("ben ngeh");
        assertThat(typo.outcome()).isEqualTo(PlaceSearch.Outcome.FOUND);
        assertThat(typo.found().commune().name()).isEqualTo("Phường Sài Gòn");
        assertThat(typo.via().tier()).isEqualTo(PlaceSearch.Tier.FUZZY);
        assertThat(found("Phuong Hoan Kiemm")).isEqualTo("Phường Hoàn Kiếm, Thành phố Hà Nội");
        assertThat(found("bennghe")).isEqualTo("Phường Sài Gòn, Thành phố Hồ Chí Minh");
        PlaceSearch prefix = search("ben ngh");
        assertThat(prefix.found().commune().name()).isEqualTo("Phường Sài Gòn");
        assertThat(prefix.via().tier()).isEqualTo(PlaceSearch.Tier.PREFIX);
        // Exact names come before names that merely start the same way.
        assertThat(found("an phu, an giang")).isEqualTo("Xã An Phú, Tỉnh An Giang");
    }

    @Test
    void editDistanceCountsTranspositionsAsOne() {
        assertThat(GazetteerIndex.editDistance("bennghe", "bennghe", 2)).isZero();
        assertThat(GazetteerIndex.editDistance("benngeh", "bennghe", 2)).isEqualTo(1);
        assertThat(GazetteerIndex.editDistance("hoankiemm", "hoankiem", 2)).isEqualTo(1);
        assertThat(GazetteerIndex.editDistance("abcdef", "uvwxyz", 2)).isEqualTo(3);
    }

    // ---------------------------------------------------------------- what is not a place

    @Test
    void aStreetNameInsideATextIsOfferedNeverAssumed() {
        PlaceSearch street = search("Số 5 đường Nguyễn Huệ");
        assertThat(street.outcome()).isEqualTo(PlaceSearch.Outcome.CHOOSE);
        assertThat(street.candidates()).allMatch(c -> !c.via().tier().confident());
    }

    @Test
    void badQueriesGetAnAnswerNotAnError() {
        assertThat(search("").outcome()).isEqualTo(PlaceSearch.Outcome.INVALID);
        assertThat(search("   ").problem()).isEqualTo("empty");
        assertThat(search("a".repeat(200)).problem()).isEqualTo("too_long");
        assertThat(search("😀😀🚓").problem()).isEqualTo("unreadable");
        assertThat(search("?!...").problem()).isEqualTo("unreadable");
        assertThat(search("Москва").outcome()).isEqualTo(PlaceSearch.Outcome.NONE);
        assertThat(search("北京市朝阳区").outcome()).isEqualTo(PlaceSearch.Outcome.NONE);
        assertThat(search("Paris, France").outcome()).isEqualTo(PlaceSearch.Outcome.NONE);
        assertThat(search("Bangkok, Thailand").outcome()).isEqualTo(PlaceSearch.Outcome.NONE);
        // Mixed scripts: the Vietnamese part still counts.
        assertThat(found("Phường Bến Thành 北京")).isEqualTo("Phường Bến Thành, Thành phố Hồ Chí Minh");
        assertThatCode(() -> {
            for (String q : List.of("p", "q", "x1", "0", "p0", "tp", ", , ,", "phường", "xã xã xã", "1 2 3 4 5 6 7 8 9")) {
                index.search(q);
            }
        }).doesNotThrowAnyException();
    }
}
