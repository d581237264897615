package vn.tipline.tip.evidence;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * PDFs are read by PDFBox and written out whole again without their document information (author,
 * creator, producer, dates) and without XMP metadata streams, wherever they hang. A PDF that would
 * run something when opened (JavaScript, launch or other automatic actions) or carries files inside
 * is refused: officers open these on police computers.
 */
final class PdfMetadata {

    /** Keys that only a PDF with active content or attachments has. */
    private static final Set<COSName> ACTIVE = Set.of(COSName.JS, COSName.JAVA_SCRIPT, COSName.AA,
            COSName.EMBEDDED_FILES, COSName.EF, COSName.getPDFName("RichMedia"), COSName.getPDFName("XFA"));
    private static final Set<COSName> ACTIVE_ACTIONS = Set.of(COSName.JAVA_SCRIPT, COSName.getPDFName("Launch"),
            COSName.getPDFName("ImportData"), COSName.getPDFName("SubmitForm"), COSName.getPDFName("GoToE"));
    /** Private data of the application that wrote the file. */
    private static final COSName PIECE_INFO = COSName.getPDFName("PieceInfo");

    private PdfMetadata() {
    }

    static Cleaned clean(byte[] data) throws IOException, Refused {
        try (PDDocument document = Loader.loadPDF(data)) {
            if (document.isEncrypted()) {
                throw new Refused(Refused.Reason.UNSUPPORTED, "encrypted PDF");
            }
            for (COSDictionary dictionary : dictionaries(document)) {
                refuseActive(dictionary);
                dictionary.removeItem(COSName.METADATA);
                dictionary.removeItem(PIECE_INFO);
            }
            document.setDocumentInformation(new PDDocumentInformation());
            document.getDocumentCatalog().getCOSObject().removeItem(COSName.OPEN_ACTION);
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
            // Uncompressed object streams: what is written can be checked by reading its bytes.
            document.save(out, CompressParameters.NO_COMPRESSION);
            return new Cleaned(out.toByteArray(), Format.PDF, Format.PDF.contentType(), true, null, null);
        }
    }

    private static void refuseActive(COSDictionary dictionary) throws Refused {
        for (COSName key : dictionary.keySet()) {
            if (ACTIVE.contains(key)) {
                throw new Refused(Refused.Reason.ACTIVE_CONTENT, "PDF with /" + key.getName());
            }
        }
        COSName action = dictionary.getCOSName(COSName.S);
        if (action != null && ACTIVE_ACTIONS.contains(action)) {
            throw new Refused(Refused.Reason.ACTIVE_CONTENT, "PDF action /" + action.getName());
        }
        if (COSName.EMBEDDED_FILE.equals(dictionary.getCOSName(COSName.TYPE))) {
            throw new Refused(Refused.Reason.ACTIVE_CONTENT, "PDF with an embedded file");
        }
    }

    /** Every dictionary of the file: each indirect object's and those nested in them, the trailer's too. */
    private static Set<COSDictionary> dictionaries(PDDocument document) {
        Set<COSDictionary> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<COSBase> pending = new ArrayDeque<>();
        pending.push(document.getDocument().getTrailer());
        for (COSObjectKey key : document.getDocument().getXrefTable().keySet()) {
            COSObject object = document.getDocument().getObjectFromPool(key);
            if (object != null) {
                pending.push(object);
            }
        }
        while (!pending.isEmpty()) {
            COSBase next = pending.pop();
            COSBase value = next instanceof COSObject indirect ? indirect.getObject() : next;
            if (value instanceof COSDictionary dictionary && seen.add(dictionary)) {
                dictionary.getValues().forEach(pending::push);
            } else if (value instanceof COSArray array) {
                array.forEach(pending::push);
            }
        }
        return seen;
    }
}
