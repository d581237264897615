package vn.tipline.police;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * A police unit: a commune police (Công an xã/phường/đặc khu) or a provincial police. Its name
 * and place come from the gazetteer; its contact details only from an administrator (import or
 * edit), never made up: a unit without them says so.
 *
 * @param telegramChatId officers' Telegram group for alerts, if any (never shown to citizens)
 * @param zaloGroupId    officers' Zalo group for alerts, if any (never shown to citizens)
 * @param retired        no longer in the gazetteer (kept for the tips and threads that name it)
 */
@Document(PoliceUnit.COLLECTION)
record PoliceUnit(@Id String code, Kind kind, String name, Integer communeCode, String communeName, int provinceCode,
                  String provinceName, String address, List<String> phones, String hours, Double latitude,
                  Double longitude, String telegramChatId, String zaloGroupId, boolean retired,
                  Instant contactsUpdatedAt, String contactsUpdatedBy) {

    static final String COLLECTION = "police_units";

    enum Kind { COMMUNE, PROVINCE }

    PoliceUnit {
        phones = phones == null ? List.of() : List.copyOf(phones);
    }

    boolean hasContacts() {
        return address != null || !phones.isEmpty() || hours != null;
    }

    boolean hasCoordinates() {
        return latitude != null && longitude != null;
    }
}
