package io.batchrollout.core.events;

import static io.batchrollout.core.events.GalleryEvents.array;
import static io.batchrollout.core.events.GalleryEvents.cloudEventWrite;
import static io.batchrollout.core.events.GalleryEvents.eventGrid;
import static io.batchrollout.core.events.GalleryEvents.eventGridDelete;
import static io.batchrollout.core.events.GalleryEvents.eventGridWrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.model.GalleryId;
import io.batchrollout.core.model.ImageDefinitionId;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GalleryEventParserTest {
    static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
    static final GalleryId ALLOWED = GalleryId.parse("/subscriptions/" + SUBSCRIPTION
            + "/resourceGroups/images-rg/providers/Microsoft.Compute/galleries/golden");
    static final ImageDefinitionId DEFINITION = ALLOWED.image("ubuntu2204");
    static final String VERSION = DEFINITION.version("1.1.0").toString();

    private final GalleryEventParser parser = new GalleryEventParser(Set.of(ALLOWED)::contains);

    private GalleryEvent parse(Object json) {
        return parser.parse(json.toString());
    }

    private GalleryEvent.VersionWritten written(Object json) {
        GalleryEvent event = parse(json);
        return assertInstanceOf(GalleryEvent.VersionWritten.class, event, event.describe());
    }

    private String ignored(Object json) {
        GalleryEvent event = parse(json);
        return assertInstanceOf(GalleryEvent.Ignored.class, event, event.describe()).reason();
    }

    private String malformed(Object json) {
        GalleryEvent event = parse(json);
        return assertInstanceOf(GalleryEvent.Malformed.class, event, event.describe()).reason();
    }

    @Test
    void aVersionWriteInAnAllowedGalleryNamesTheVersionItsDefinitionTheEventIdAndTime() {
        GalleryEvent.VersionWritten written = written(eventGridWrite("e-1", VERSION));

        assertEquals(VERSION.toLowerCase(), written.version().toString().toLowerCase());
        assertEquals(DEFINITION, written.version().definition());
        assertEquals("1.1.0", written.version().versionName());
        assertEquals("e-1", written.eventId());
        assertEquals(Optional.of(Instant.parse("2026-01-05T09:00:00.1234567Z")), written.eventTime());
        assertTrue(written.describe().contains("version 1.1.0 of " + DEFINITION), written.describe());
    }

    @Test
    void idsCompareIgnoringCaseAsEventGridVariesTheCasingOfResourceGroups() {
        String shouting = VERSION.replace("/resourceGroups/images-rg/", "/RESOURCEGROUPS/IMAGES-RG/").replace("/golden/", "/GOLDEN/");

        GalleryEvent.VersionWritten written = written(eventGridWrite("e-2", shouting));

        assertEquals(DEFINITION, written.version().definition());
    }

    @Test
    void aCloudEventWriteIsReadLikeTheEventGridOne() {
        GalleryEvent.VersionWritten written = written(cloudEventWrite("c-1", VERSION));

        assertEquals(DEFINITION, written.version().definition());
        assertEquals("c-1", written.eventId());
        assertEquals(Optional.of(Instant.parse("2026-01-05T09:00:00Z")), written.eventTime());
    }

    @Test
    void theResourceIdComesFromDataResourceUriOrElseTheSubject() {
        ObjectNode cloudWithoutSubject = cloudEventWrite("c-2", VERSION);
        cloudWithoutSubject.remove("subject");
        ObjectNode gridWithoutUri = eventGridWrite("e-3", VERSION);
        ((ObjectNode) gridWithoutUri.get("data")).remove("resourceUri");

        assertEquals(DEFINITION, written(cloudWithoutSubject).version().definition());
        assertEquals(DEFINITION, written(gridWithoutUri).version().definition());
    }

    @Test
    void aOneElementArrayIsReadAsItsEventButOtherArraysAreMalformed() {
        assertEquals("e-4", written(array(eventGridWrite("e-4", VERSION))).eventId());

        assertTrue(malformed("[]").contains("array of 0 events"));
        assertTrue(malformed(array(eventGridWrite("e-5", VERSION), eventGridWrite("e-6", VERSION))).contains("array of 2 events"));
    }

    @Test
    void deletesAreIgnored() {
        assertTrue(ignored(eventGridDelete("d-1", VERSION)).contains("ResourceDeleteSuccess"));
        // A write event whose operation is a delete (never sent by ARM, but not ours to act on either).
        assertTrue(ignored(eventGrid("d-2", GalleryEvents.WRITE_SUCCESS, VERSION, GalleryEvents.VERSION_DELETE)).contains("versions/delete"));
    }

    @Test
    void otherEventTypesAreIgnoredWhateverTheirData() {
        for (String type : new String[] {"Microsoft.Resources.ResourceWriteFailure", "Microsoft.Resources.ResourceWriteCancel",
                "Microsoft.Resources.ResourceActionSuccess", "Microsoft.Storage.BlobCreated"}) {
            ObjectNode event = eventGrid("t-1", type, VERSION, GalleryEvents.VERSION_WRITE);
            event.put("data", "whatever");

            assertTrue(ignored(event).contains(type), type);
        }
    }

    @Test
    void writesOfOtherResourcesAreIgnored() {
        String image = DEFINITION.toString();
        String vm = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/images-rg/providers/Microsoft.Compute/virtualMachines/vm1";

        assertTrue(ignored(eventGrid("o-1", GalleryEvents.WRITE_SUCCESS, image, "Microsoft.Compute/galleries/images/write"))
                .contains("galleries/images/write"));
        assertTrue(ignored(eventGrid("o-2", GalleryEvents.WRITE_SUCCESS, vm, "Microsoft.Compute/virtualMachines/write"))
                .contains("virtualMachines/write"));
    }

    @Test
    void theOperationNameAndEventTypeCompareIgnoringCase() {
        ObjectNode event = eventGrid("c-3", GalleryEvents.WRITE_SUCCESS.toLowerCase(), VERSION, GalleryEvents.VERSION_WRITE.toUpperCase());

        assertEquals(DEFINITION, written(event).version().definition());
    }

    @Test
    void galleriesNotAllowedAreIgnored() {
        String otherGallery = VERSION.replace("/galleries/golden/", "/galleries/scratch/");
        String otherSubscription = VERSION.replace(SUBSCRIPTION, "00000000-0000-0000-0000-000000000002");

        assertTrue(ignored(eventGridWrite("g-1", otherGallery)).contains("not in ALLOWED_GALLERY_IDS"));
        assertTrue(ignored(cloudEventWrite("g-2", otherSubscription)).contains("not in ALLOWED_GALLERY_IDS"));
    }

    @Test
    void aVersionOperationOnAResourceThatIsNotAVersionIsMalformed() {
        ObjectNode event = eventGrid("m-1", GalleryEvents.WRITE_SUCCESS, DEFINITION.toString(), GalleryEvents.VERSION_WRITE);

        assertTrue(malformed(event).contains("is not a gallery image version id"));
    }

    @Test
    void aSubjectAndResourceUriNamingDifferentResourcesAreMalformed() {
        ObjectNode event = eventGridWrite("m-2", VERSION);
        event.put("subject", DEFINITION.version("9.9.9").toString());

        assertTrue(malformed(event).contains("names two resources"));
    }

    @Test
    void anUnreadableEventTimeLeavesTheTimeEmptyButStillActs() {
        ObjectNode event = eventGridWrite("t-2", VERSION);
        event.put("eventTime", "yesterday");

        assertEquals(Optional.empty(), written(event).eventTime());
    }

    @Test
    void missingOrMistypedRequiredFieldsAreMalformed() {
        ObjectNode noData = eventGridWrite("m-3", VERSION);
        noData.remove("data");
        ObjectNode dataArray = eventGridWrite("m-4", VERSION);
        dataArray.putArray("data");
        ObjectNode noOperation = eventGridWrite("m-5", VERSION);
        ((ObjectNode) noOperation.get("data")).remove("operationName");
        ObjectNode numericOperation = eventGridWrite("m-6", VERSION);
        ((ObjectNode) numericOperation.get("data")).put("operationName", 7);
        ObjectNode noId = eventGridWrite("m-7", VERSION);
        noId.remove("id");
        ObjectNode numericType = eventGridWrite("m-8", VERSION);
        numericType.put("eventType", 1);
        ObjectNode noSubject = eventGridWrite("m-9", VERSION);
        noSubject.remove("subject");
        ObjectNode oldCloudEvent = cloudEventWrite("m-10", VERSION);
        oldCloudEvent.put("specversion", "0.3");
        ObjectNode cloudWithoutSource = cloudEventWrite("m-11", VERSION);
        cloudWithoutSource.remove("source");
        ObjectNode cloudWithoutData = cloudEventWrite("m-12", VERSION);
        cloudWithoutData.remove("data");
        ObjectNode numericUri = eventGridWrite("m-13", VERSION);
        ((ObjectNode) numericUri.get("data")).put("resourceUri", 12);

        assertTrue(malformed(noData).contains("needs data"));
        assertTrue(malformed(dataArray).contains("no data object"));
        assertTrue(malformed(noOperation).contains("data.operationName"));
        assertTrue(malformed(numericOperation).contains("data.operationName"));
        assertTrue(malformed(noId).contains("string id"));
        assertTrue(malformed(numericType).contains("string eventType"));
        assertTrue(malformed(noSubject).contains("string subject"));
        assertTrue(malformed(oldCloudEvent).contains("only 1.0"));
        assertTrue(malformed(cloudWithoutSource).contains("string source"));
        assertTrue(malformed(cloudWithoutData).contains("no data object"));
        assertTrue(malformed(numericUri).contains("names no resource"));
        assertTrue(malformed("{\"id\":\"x\"}").contains("neither an Event Grid event"));
    }

    @Test
    void aCloudEventWhoseDataArrivedAsAJsonStringIsRead() {
        ObjectNode event = cloudEventWrite("c-4", VERSION);
        event.put("data", event.get("data").toString());

        assertEquals(DEFINITION, written(event).version().definition());
    }
}
