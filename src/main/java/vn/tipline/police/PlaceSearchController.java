package vn.tipline.police;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Places by name, for the pickers of the campaigns and accounts pages: the page's script asks
 * {@code /admin/places} (signed in with the page's session), API clients {@code /api/admin/places}.
 * Any signed-in officer may ask: the gazetteer is public knowledge, and no tip or account is in it.
 */
@RestController
@Tag(name = "Ward police (admin)")
class PlaceSearchController {

    private final PlaceFinder finder;

    PlaceSearchController(PlaceFinder finder) {
        this.finder = finder;
    }

    record Found(List<PlaceFinder.Option> options) {
    }

    @GetMapping("/api/admin/places")
    @Operation(summary = "Provinces and communes whose names match, the bot's search (at most 20; "
            + "kinds=provinces for provinces only)")
    Found search(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "places") String kinds) {
        return new Found(finder.find(q, "provinces".equals(kinds) ? PlaceFinder.Kinds.PROVINCES : PlaceFinder.Kinds.PLACES));
    }

    /** The same for the pages' scripts; not part of the API's description. */
    @Hidden
    @GetMapping("/admin/places")
    Found searchForPage(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "places") String kinds) {
        return search(q, kinds);
    }
}
