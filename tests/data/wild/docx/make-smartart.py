"""Write smartart-process.docx: a release whose process diagram (SmartArt) holds the only copy of
three steps, as Word saves one: the data model (word/diagrams/data1.xml) with its layout, style
and colour parts, and the drawing Word renders (word/diagrams/drawing1.xml, Microsoft's
`dsp:drawing`, whose shapes point back at the data model's presentation points).

Written here from ECMA-376 Part 1 (§21.4, DrawingML Diagrams) and [MS-ODRAWXML] (§2.4, the
diagram drawing), not copied from any file: no public .docx with SmartArt under a licence that
allows copying was found. Run it from this folder: python make-smartart.py
"""

import io
import zipfile
from pathlib import Path

import docx

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
DGM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
DSP = "http://schemas.microsoft.com/office/drawing/2008/diagram"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
MS_RT = "http://schemas.microsoft.com/office/2007/relationships/"  # the drawing's relationship is Microsoft's
STEPS = ["Screen patients", "Dose the first cohort", "Report topline data"]
LAYOUT = "urn:microsoft.com/office/officeart/2005/8/layout/process1"


def text(words: str) -> str:
    return f'<a:p><a:r><a:rPr lang="en-US"/><a:t>{words}</a:t></a:r></a:p>'


def data() -> str:
    nodes = [("{10000000-0000-0000-0000-00000000000%d}" % n, words) for n, words in enumerate(STEPS, start=1)]
    points = ['<dgm:pt modelId="{00000000-0000-0000-0000-000000000000}" type="doc"><dgm:prSet loTypeId="%s" '
              'qsTypeId="urn:microsoft.com/office/officeart/2005/8/quickstyle/simple1" '
              'csTypeId="urn:microsoft.com/office/officeart/2005/8/colors/accent1_2"/><dgm:spPr/><dgm:t><a:bodyPr/>'
              '<a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></dgm:t></dgm:pt>' % LAYOUT]
    links = []
    for n, (model, words) in enumerate(nodes, start=1):
        points.append(f'<dgm:pt modelId="{model}"><dgm:prSet phldrT="[Text]"/><dgm:spPr/><dgm:t><a:bodyPr/>'
                      f'<a:lstStyle/>{text(words)}</dgm:t></dgm:pt>')
        points.append(f'<dgm:pt modelId="{{20000000-0000-0000-0000-00000000000{n}}}" type="pres"><dgm:prSet '
                      f'presAssocID="{model}" presName="node" presStyleLbl="node1" presStyleIdx="{n - 1}" '
                      f'presStyleCnt="3"/><dgm:spPr/></dgm:pt>')
        links.append(f'<dgm:cxn modelId="{{30000000-0000-0000-0000-00000000000{n}}}" '
                     f'srcId="{{00000000-0000-0000-0000-000000000000}}" destId="{model}" srcOrd="{n - 1}" '
                     'destOrd="0"/>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<dgm:dataModel xmlns:dgm="{DGM}" xmlns:a="{A}" '
            f'xmlns:r="{R}"><dgm:ptLst>{"".join(points)}</dgm:ptLst><dgm:cxnLst>{"".join(links)}</dgm:cxnLst>'
            '<dgm:bg/><dgm:whole/><dgm:extLst><a:ext uri="http://schemas.microsoft.com/office/drawing/2008/diagram">'
            f'<dsp:dataModelExt xmlns:dsp="{DSP}" relId="rIdDgmDrawing" minVer="http://schemas.openxmlformats.org/'
            'drawingml/2006/diagram"/></a:ext></dgm:extLst></dgm:dataModel>')


def drawing() -> str:
    shapes = []
    for n, words in enumerate(STEPS, start=1):
        x = (n - 1) * 1900000
        shapes.append(
            f'<dsp:sp modelId="{{20000000-0000-0000-0000-00000000000{n}}}"><dsp:nvSpPr><dsp:cNvPr id="0" name=""/>'
            f'<dsp:cNvSpPr/></dsp:nvSpPr><dsp:spPr><a:xfrm><a:off x="{x}" y="0"/><a:ext cx="1600000" cy="900000"/>'
            '</a:xfrm><a:prstGeom prst="roundRect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="4472C4"/>'
            '</a:solidFill></dsp:spPr><dsp:txBody><a:bodyPr anchor="ctr"/><a:lstStyle/><a:p><a:pPr algn="ctr"/>'
            f'<a:r><a:rPr lang="en-US" sz="1400"><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></a:rPr>'
            f'<a:t>{words}</a:t></a:r></a:p></dsp:txBody><dsp:txXfrm><a:off x="{x}" y="0"/>'
            '<a:ext cx="1600000" cy="900000"/></dsp:txXfrm></dsp:sp>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<dsp:drawing xmlns:dgm="{DGM}" '
            f'xmlns:dsp="{DSP}" xmlns:a="{A}"><dsp:spTree><dsp:nvGrpSpPr><dsp:cNvPr id="0" name=""/><dsp:cNvGrpSpPr/></dsp:nvGrpSpPr>'
            f'<dsp:grpSpPr/>{"".join(shapes)}</dsp:spTree></dsp:drawing>')


DEFINITIONS = {  # the smallest layout, style and colour parts: Word looks the built-in ones up by uniqueId
    "layout1.xml": f'<dgm:layoutDef xmlns:dgm="{DGM}" xmlns:a="{A}" uniqueId="{LAYOUT}"><dgm:title val=""/>'
                   '<dgm:desc val=""/><dgm:layoutNode name="Name0"/></dgm:layoutDef>',
    "quickStyle1.xml": f'<dgm:styleDef xmlns:dgm="{DGM}" xmlns:a="{A}" uniqueId="urn:microsoft.com/office/officeart/'
                       '2005/8/quickstyle/simple1"><dgm:title val=""/><dgm:desc val=""/><dgm:scene3d><a:camera '
                       'prst="orthographicFront"/><a:lightRig rig="threePt" dir="t"/></dgm:scene3d></dgm:styleDef>',
    "colors1.xml": f'<dgm:colorsDef xmlns:dgm="{DGM}" xmlns:a="{A}" uniqueId="urn:microsoft.com/office/officeart/2005/'
                   '8/colors/accent1_2"><dgm:title val=""/><dgm:desc val=""/></dgm:colorsDef>',
}
PARTS = {"data1.xml": ("diagramData", "application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml"),
         "layout1.xml": ("diagramLayout", "application/vnd.openxmlformats-officedocument.drawingml.diagramLayout+xml"),
         "quickStyle1.xml": ("diagramQuickStyle",
                             "application/vnd.openxmlformats-officedocument.drawingml.diagramStyle+xml"),
         "colors1.xml": ("diagramColors", "application/vnd.openxmlformats-officedocument.drawingml.diagramColors+xml"),
         "drawing1.xml": ("diagramDrawing", "application/vnd.ms-office.drawingml.diagramDrawing+xml")}
IDS = {"data1.xml": "rIdDgmData", "layout1.xml": "rIdDgmLayout", "quickStyle1.xml": "rIdDgmStyle",
       "colors1.xml": "rIdDgmColors", "drawing1.xml": "rIdDgmDrawing"}
GRAPHIC = (f'<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:drawing><wp:inline '
           'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="5486400" '
           'cy="900000"/><wp:docPr id="1" name="Diagram 1"/><wp:cNvGraphicFramePr/><a:graphic xmlns:a="%s">'
           '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/diagram"><dgm:relIds xmlns:dgm="%s" '
           'xmlns:r="%s" r:dm="rIdDgmData" r:lo="rIdDgmLayout" r:qs="rIdDgmStyle" r:cs="rIdDgmColors"/>'
           '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>' % (A, DGM, R))


def main() -> None:
    from docx.oxml.parser import parse_xml

    document = docx.Document()
    document.add_paragraph("Corvanta Therapeutics Outlines Its Phase 2 Plan", style="Title")
    document.add_paragraph("The trial will proceed in three steps.")
    document.add_paragraph()._p.append(parse_xml(GRAPHIC))
    document.add_paragraph("Enrolment starts in May.")
    saved = io.BytesIO()
    document.save(saved)
    out = io.BytesIO()

    def entry(name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        return info

    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(b"</Types>", "".join(
                    f'<Override PartName="/word/diagrams/{name}" ContentType="{kind}"/>'
                    for name, (_, kind) in PARTS.items()).encode() + b"</Types>")
            elif info.filename == "word/_rels/document.xml.rels":
                blob = blob.replace(b"</Relationships>", "".join(
                    f'<Relationship Id="{IDS[name]}" Type="{MS_RT if rel == "diagramDrawing" else RT}{rel}" '
                    f'Target="diagrams/{name}"/>' for name, (rel, _) in PARTS.items()).encode() + b"</Relationships>")
            target.writestr(entry(info.filename), blob)
        for name, xml in {"data1.xml": data(), "drawing1.xml": drawing(), **DEFINITIONS}.items():
            target.writestr(entry(f"word/diagrams/{name}"), xml.encode())
    Path("smartart-process.docx").write_bytes(out.getvalue())


if __name__ == "__main__":
    main()
