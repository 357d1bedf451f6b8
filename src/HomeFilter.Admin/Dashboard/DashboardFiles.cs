using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace HomeFilter.Admin.Dashboard;

/// <summary>
/// Serves the dashboard: the plain files in <c>wwwroot/</c> beside the program. They hold no data (every figure comes
/// from the API, behind the session), so they are public like any login page; nothing is loaded from elsewhere.
/// </summary>
public static class DashboardFiles
{
    public static IApplicationBuilder UseDashboardFiles(this IApplicationBuilder app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (!Directory.Exists(root))
        {
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.Use(async (context, next) =>
        {
            // No framing by other sites, no external resources, no sniffing: the page can only talk to its own origin.
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            await next(context).ConfigureAwait(false);
        });
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.CacheControl = "no-cache";

                // The dashboard's own files run only their own code; pages the API renders (a digest) carry their own styles.
                headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'";
            },
        });
        return app;
    }
}
