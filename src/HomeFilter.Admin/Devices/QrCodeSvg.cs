using QRCoder;

namespace HomeFilter.Admin.Devices;

/// <summary>A QR code of a text as an SVG document (dark modules on white, scaled by its viewBox), for a phone camera to read.</summary>
public static class QrCodeSvg
{
    public static string For(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(8, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
